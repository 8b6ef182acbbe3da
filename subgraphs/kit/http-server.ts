import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedHttp {
  host: string;
  port: number;
  /** True once close() began: health checks report it so load balancers stop sending. */
  readonly draining: boolean;
  /**
   * Stops accepting connections, lets requests in flight finish (up to `drainTimeoutMs`),
   * then cuts what is left. A SIGTERM never fails a request that had already arrived.
   */
  close(drainTimeoutMs?: number): Promise<void>;
}

/** Node's HTTP server with in-flight accounting, listening on host:port (0 picks a free port). */
export async function serveHttp(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  options: { port?: number; host?: string } = {},
): Promise<ServedHttp> {
  let inFlight = 0;
  let draining = false;
  const server = http.createServer((req, res) => {
    inFlight++;
    res.on('close', () => inFlight--);
    handler(req, res);
  });
  // Longer than the usual load balancer idle timeout (60 s), so it never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    get draining() {
      return draining;
    },
    async close(drainTimeoutMs = 10_000) {
      draining = true;
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      const deadline = Date.now() + drainTimeoutMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      server.closeAllConnections();
      await closed;
    },
  };
}
