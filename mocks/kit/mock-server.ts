import http from 'node:http';
import type net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { FaultController } from './faults';

export interface MockHandle {
  name: string;
  /** Where the legacy protocol is served, e.g. `http://127.0.0.1:5001` or `tcp://127.0.0.1:5004`. */
  url: string;
  /** The admin endpoint: GET /stats, GET /received, POST /faults, DELETE /faults, POST /reset, GET /health. */
  adminUrl: string;
  port: number;
  controller: FaultController;
  close(): Promise<void>;
}

export interface StartOptions {
  host?: string;
  /** Port of the legacy protocol; 0 picks a free one. */
  port?: number;
  /** Port of the admin endpoint; 0 picks a free one. */
  adminPort?: number;
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve(text ? JSON.parse(text) : {});
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
}

/** The admin endpoint every mock has: fault control and request counters, as JSON over HTTP. */
export function createAdminServer(name: string, controller: FaultController): http.Server {
  return http.createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/health') return send(200, { name, status: 'ok' });
      if (req.method === 'GET' && path === '/stats') return send(200, controller.stats());
      if (req.method === 'GET' && path === '/received') return send(200, controller.received());
      if (req.method === 'POST' && path === '/faults') {
        controller.set((await readJson(req)) as never);
        return send(200, controller.current);
      }
      if (req.method === 'DELETE' && path === '/faults') {
        controller.clear();
        return send(200, controller.current);
      }
      if (req.method === 'POST' && path === '/reset') {
        controller.resetCounts();
        return send(200, controller.stats());
      }
      send(404, { error: `no admin route ${req.method} ${path}` });
    } catch (e) {
      send(400, { error: (e as Error).message });
    }
  });
}

/**
 * Starts a mock's protocol server and its admin endpoint. The `refuse` fault closes
 * the protocol listener (connections refused, open sockets cut) and re-opens it on
 * the same port when cleared.
 */
export async function startMock(
  name: string,
  scheme: 'http' | 'tcp',
  server: net.Server,
  controller: FaultController,
  options: StartOptions = {},
): Promise<MockHandle> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server, options.port ?? 0, host);
  const admin = createAdminServer(name, controller);
  const adminPort = await listen(admin, options.adminPort ?? 0, host);
  const cutAll = () => {
    for (const s of sockets) s.destroy();
  };
  controller.on('refuse', (refuse: boolean) => {
    if (refuse) {
      server.close();
      cutAll();
    } else if (!server.listening) {
      listen(server, port, host).catch((e) => console.error(`${name}: cannot listen again on ${port}:`, e));
    }
  });
  return {
    name,
    url: `${scheme}://${host}:${port}`,
    adminUrl: `http://${host}:${adminPort}`,
    port,
    controller,
    close: async () => {
      controller.removeAllListeners('refuse');
      cutAll();
      if ('closeAllConnections' in server) (server as http.Server).closeAllConnections();
      await Promise.all([
        new Promise<void>((r) => (server.listening ? server.close(() => r()) : r())),
        new Promise<void>((r) => {
          admin.closeAllConnections();
          admin.close(() => r());
        }),
      ]);
    },
  };
}

/** What every mock's start function takes: where to listen and the world to serve. */
export interface MockStartOptions extends StartOptions {
  world: import('../data/world').WorldIndex;
  /** Realistic base latency of the legacy system, in ms; tests pass 0. */
  baseLatencyMs?: number;
}
