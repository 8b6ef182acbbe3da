import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { DataLayerError } from './errors';
import { TcpPool, type TcpPoolOptions } from './tcp-pool';

/**
 * A tiny line server: answers `ECHO x` with `OK x` then `END`, `SLOW x` after 200 ms,
 * `HANG` never, `JUNK` with bytes that are no record, `CUT` by closing mid-reply,
 * `EXTRA` with a reply followed by unsolicited bytes.
 */
async function lineServer(): Promise<{
  url: string;
  connections: () => number;
  sockets: Set<net.Socket>;
  close: () => Promise<void>;
}> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let i: number;
      while ((i = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, i);
        buffered = buffered.slice(i + 2);
        const [verb, arg = ''] = line.split(' ');
        if (verb === 'ECHO') socket.write(`OK ${arg}\r\nEND\r\n`);
        else if (verb === 'SLOW') setTimeout(() => socket.write(`OK ${arg}\r\nEND\r\n`), 200);
        else if (verb === 'JUNK') socket.write(Buffer.from([0xff, 0xfe, 0x00, 0x81]));
        else if (verb === 'CUT') {
          socket.write('OK half');
          socket.destroy();
        } else if (verb === 'EXTRA') socket.write('OK extra\r\nEND\r\nSTRAY\r\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `tcp://127.0.0.1:${port}`,
    connections: () => connections,
    sockets,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Framing for the test protocol: a reply ends after the `END` line; a line must start with OK or END. */
function frame(received: Buffer): number | undefined {
  const text = received.toString('latin1');
  let start = 0;
  for (;;) {
    const head = text.slice(start, start + 2);
    if (head.length === 2 && head !== 'OK' && head !== 'EN')
      throw new Error(`unknown record at byte ${start}`);
    const i = text.indexOf('\r\n', start);
    if (i < 0) return undefined;
    if (text.slice(start, i) === 'END') return i + 2;
    start = i + 2;
  }
}

function ask(pool: TcpPool, line: string, signal?: AbortSignal): Promise<string> {
  return pool.request(Buffer.from(`${line}\r\n`, 'latin1'), signal).then((b) => b.toString('latin1'));
}

async function rejection(p: Promise<unknown>): Promise<DataLayerError> {
  try {
    await p;
  } catch (e) {
    return e as DataLayerError;
  }
  throw new Error('expected a rejection');
}

describe('TcpPool', () => {
  let server: Awaited<ReturnType<typeof lineServer>>;
  let pool: TcpPool;
  const make = (o: Partial<TcpPoolOptions> = {}) =>
    (pool = new TcpPool({ department: 'housing', url: server.url, frame, requestTimeoutMs: 1_000, ...o }));

  beforeEach(async () => {
    server = await lineServer();
  });
  afterEach(async () => {
    await pool?.close();
    await server.close();
  });

  it('reads a reply up to its trailer and reuses the connection for the next exchange', async () => {
    make();
    expect(await ask(pool, 'ECHO a')).toBe('OK a\r\nEND\r\n');
    expect(await ask(pool, 'ECHO b')).toBe('OK b\r\nEND\r\n');
    expect(await ask(pool, 'ECHO c')).toBe('OK c\r\nEND\r\n');
    expect(server.connections()).toBe(1);
    expect(pool.stats()).toEqual({ open: 1, idle: 1, waiting: 0, opened: 1, discarded: 0 });
  });

  it('opens no more than maxConnections and serves waiting requests in order as connections free up', async () => {
    make({ maxConnections: 2 });
    const replies = await Promise.all(
      ['SLOW 1', 'SLOW 2', 'ECHO 3', 'ECHO 4', 'ECHO 5'].map((l) => ask(pool, l)),
    );
    expect(replies).toEqual([
      'OK 1\r\nEND\r\n',
      'OK 2\r\nEND\r\n',
      'OK 3\r\nEND\r\n',
      'OK 4\r\nEND\r\n',
      'OK 5\r\nEND\r\n',
    ]);
    expect(server.connections()).toBe(2);
  });

  it('fails a reply that does not come in time with DEPARTMENT_TIMEOUT and destroys that connection', async () => {
    make({ requestTimeoutMs: 100 });
    const e = await rejection(ask(pool, 'HANG'));
    expect([e.code, e.department]).toEqual(['DEPARTMENT_TIMEOUT', 'housing']);
    expect(pool.stats()).toMatchObject({ open: 0, discarded: 1 });
    expect(await ask(pool, 'ECHO after')).toBe('OK after\r\nEND\r\n');
    expect(server.connections()).toBe(2);
  });

  it('fails garbage with BAD_LEGACY_REPLY at once and never reuses that connection', async () => {
    make();
    const started = Date.now();
    const e = await rejection(ask(pool, 'JUNK'));
    expect([e.code, e.department]).toEqual(['BAD_LEGACY_REPLY', 'housing']);
    expect(Date.now() - started).toBeLessThan(500);
    expect(pool.stats()).toMatchObject({ open: 0, discarded: 1 });
    expect(await ask(pool, 'ECHO healed')).toBe('OK healed\r\nEND\r\n');
    expect(server.connections()).toBe(2);
  });

  it('returns a reply followed by stray bytes but drops the out-of-step connection', async () => {
    make();
    expect(await ask(pool, 'EXTRA')).toBe('OK extra\r\nEND\r\n');
    expect(pool.stats()).toMatchObject({ open: 0, discarded: 1 });
  });

  it('fails a connection cut mid-reply with DEPARTMENT_UNAVAILABLE', async () => {
    make();
    const e = await rejection(ask(pool, 'CUT'));
    expect([e.code, e.department]).toEqual(['DEPARTMENT_UNAVAILABLE', 'housing']);
  });

  it('fails a refused connection with DEPARTMENT_UNAVAILABLE naming the department', async () => {
    const url = server.url;
    await server.close();
    pool = new TcpPool({ department: 'housing', url, frame });
    const e = await rejection(ask(pool, 'ECHO x'));
    expect(e).toBeInstanceOf(DataLayerError);
    expect([e.code, e.department]).toEqual(['DEPARTMENT_UNAVAILABLE', 'housing']);
    server = await lineServer();
  });

  it('retries once on a new connection when the server closed an idle one', async () => {
    make();
    expect(await ask(pool, 'ECHO 1')).toBe('OK 1\r\nEND\r\n');
    for (const s of server.sockets) s.destroy();
    expect(await ask(pool, 'ECHO 2')).toBe('OK 2\r\nEND\r\n');
    expect(server.connections()).toBe(2);
    // The write went out on the dead connection before its close was noticed: discarded, then retried on a new one.
    expect(pool.stats()).toMatchObject({ open: 1, opened: 2, discarded: 1 });
  });

  it('closes connections left idle for idleTimeoutMs', async () => {
    make({ idleTimeoutMs: 50 });
    await ask(pool, 'ECHO 1');
    expect(pool.stats().idle).toBe(1);
    await new Promise((r) => setTimeout(r, 120));
    expect(pool.stats()).toMatchObject({ open: 0, idle: 0, discarded: 0 });
  });

  it('stops an exchange when the caller aborts, with DEPARTMENT_TIMEOUT', async () => {
    make();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const e = await rejection(ask(pool, 'HANG', controller.signal));
    expect(e.code).toBe('DEPARTMENT_TIMEOUT');
  });

  it('fails requests still waiting for a connection when the pool closes', async () => {
    make({ maxConnections: 1 });
    const first = ask(pool, 'SLOW 1').catch((e: DataLayerError) => e.code);
    const second = rejection(ask(pool, 'ECHO 2'));
    await new Promise((r) => setTimeout(r, 20));
    await pool.close();
    expect((await second).code).toBe('DEPARTMENT_UNAVAILABLE');
    expect(await first).toBe('DEPARTMENT_UNAVAILABLE');
  });

  it('checks its options at construction, naming the option and the value', () => {
    const base = { department: 'housing', url: 'tcp://127.0.0.1:5104', frame };
    expect(() => new TcpPool({ ...base, maxConnections: 0 })).toThrow(
      'maxConnections must be a positive integer: 0',
    );
    expect(() => new TcpPool({ ...base, requestTimeoutMs: -1 })).toThrow(
      'requestTimeoutMs must be a positive integer: -1',
    );
    expect(() => new TcpPool({ ...base, idleTimeoutMs: 1.5 })).toThrow(
      'idleTimeoutMs must be a positive integer: 1.5',
    );
    expect(() => new TcpPool({ ...base, url: 'http://127.0.0.1:5104' })).toThrow(
      'url must be a tcp://host:port URL: http://127.0.0.1:5104',
    );
    expect(() => new TcpPool({ ...base, url: 'tcp://127.0.0.1' })).toThrow(
      'url must be a tcp://host:port URL: tcp://127.0.0.1',
    );
    expect(() => new TcpPool({ ...base, department: '' })).toThrow('department is required');
  });
});
