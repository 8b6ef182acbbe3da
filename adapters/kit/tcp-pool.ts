import net from 'node:net';
import { DataLayerError } from './errors';

/**
 * Finds the end of one reply in what a connection has received so far: the byte length
 * of the complete reply, or `undefined` while more bytes are needed. Throws when the bytes
 * cannot be the start of a reply (garbage, an unknown record type); the pool turns that
 * into BAD_LEGACY_REPLY and destroys the connection.
 */
export type ReplyFramer = (received: Buffer) => number | undefined;

export interface TcpPoolOptions {
  /** Department code, used in every error (`extensions.department`). */
  department: string;
  /** Where the legacy system listens, e.g. `tcp://127.0.0.1:5104`. */
  url: string;
  /** Protocol framing: where a reply ends (e.g. after the trailer record). */
  frame: ReplyFramer;
  /** Connections kept open at most; further requests wait for a free one. @default 8 (connections) */
  maxConnections?: number;
  /** Time to establish a TCP connection, in ms. @default 2_000 (2 s) */
  connectTimeoutMs?: number;
  /** Time from writing a request to the end of its reply, in ms. @default 5_000 (5 s) */
  requestTimeoutMs?: number;
  /** An unused connection is closed after this long, in ms. @default 30_000 (30 s) */
  idleTimeoutMs?: number;
  /** Largest reply accepted before the connection is treated as broken, in bytes. @default 4_194_304 (4 MiB) */
  maxReplyBytes?: number;
  /**
   * Retry once on a new connection when a reused connection fails before any reply byte
   * arrived (the server closed it while it sat idle). Only for read-only protocols.
   * @default true
   */
  retryStaleConnection?: boolean;
}

export const TCP_POOL_DEFAULTS = {
  maxConnections: 8, // connections
  connectTimeoutMs: 2_000, // 2 s
  requestTimeoutMs: 5_000, // 5 s
  idleTimeoutMs: 30_000, // 30 s
  maxReplyBytes: 4_194_304, // 4 MiB
  retryStaleConnection: true,
};

export interface TcpPoolStats {
  /** Connections open (idle and busy). */
  open: number;
  idle: number;
  /** Requests waiting for a connection. */
  waiting: number;
  /** Connections opened since the pool was made. */
  opened: number;
  /** Connections destroyed because of a timeout, garbage or a network error. */
  discarded: number;
}

interface Waiter {
  resolve: (c: Connection) => void;
  reject: (e: unknown) => void;
}

/** One pooled socket; `used` says whether it already carried an exchange (for the stale-connection retry). */
interface Connection {
  socket: net.Socket;
  used: boolean;
  closed: boolean;
  idleTimer?: NodeJS.Timeout;
}

function positiveInteger(name: string, v: number): number {
  if (!Number.isInteger(v) || v <= 0) throw new TypeError(`${name} must be a positive integer: ${v}`);
  return v;
}

function parseTcpUrl(url: string): { host: string; port: number } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TypeError(`url must be a tcp://host:port URL: ${url}`);
  }
  const port = Number(u.port);
  if (u.protocol !== 'tcp:' || !u.hostname || !Number.isInteger(port) || port <= 0)
    throw new TypeError(`url must be a tcp://host:port URL: ${url}`);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port };
}

/**
 * A small pool of raw TCP connections for request/response line protocols: one exchange
 * at a time per connection, explicit connect/request/idle timeouts, and a connection that
 * saw a timeout, garbage or a network error is destroyed, never reused (its stream can no
 * longer be trusted to be in step with our requests).
 */
export class TcpPool {
  readonly department: string;
  private readonly host: string;
  private readonly port: number;
  private readonly o: Required<Omit<TcpPoolOptions, 'department' | 'url'>>;
  private readonly all = new Set<Connection>();
  private readonly idle: Connection[] = [];
  private readonly waiters: Waiter[] = [];
  private pending = 0;
  private closed = false;
  private opened = 0;
  private discarded = 0;

  constructor(options: TcpPoolOptions) {
    if (!options.department) throw new TypeError('department is required');
    if (typeof options.frame !== 'function')
      throw new TypeError(`frame must be a function: ${String(options.frame)}`);
    const o = { ...TCP_POOL_DEFAULTS, ...options };
    positiveInteger('maxConnections', o.maxConnections);
    positiveInteger('connectTimeoutMs', o.connectTimeoutMs);
    positiveInteger('requestTimeoutMs', o.requestTimeoutMs);
    positiveInteger('idleTimeoutMs', o.idleTimeoutMs);
    positiveInteger('maxReplyBytes', o.maxReplyBytes);
    if (typeof o.retryStaleConnection !== 'boolean')
      throw new TypeError(`retryStaleConnection must be a boolean: ${String(o.retryStaleConnection)}`);
    this.department = options.department;
    ({ host: this.host, port: this.port } = parseTcpUrl(options.url));
    this.o = {
      frame: o.frame,
      maxConnections: o.maxConnections,
      connectTimeoutMs: o.connectTimeoutMs,
      requestTimeoutMs: o.requestTimeoutMs,
      idleTimeoutMs: o.idleTimeoutMs,
      maxReplyBytes: o.maxReplyBytes,
      retryStaleConnection: o.retryStaleConnection,
    };
  }

  stats(): TcpPoolStats {
    return {
      open: this.all.size,
      idle: this.idle.length,
      waiting: this.waiters.length,
      opened: this.opened,
      discarded: this.discarded,
    };
  }

  /**
   * Sends one request and resolves with its complete reply (as framed by `frame`).
   * Network failures reject with DEPARTMENT_UNAVAILABLE, timeouts with DEPARTMENT_TIMEOUT,
   * unframeable bytes with BAD_LEGACY_REPLY.
   */
  async request(payload: Buffer, signal?: AbortSignal): Promise<Buffer> {
    const conn = await this.acquire(signal);
    const reused = conn.used;
    try {
      return await this.exchange(conn, payload, signal);
    } catch (e) {
      if (reused && this.o.retryStaleConnection && (e as { stale?: boolean }).stale && !this.closed) {
        const fresh = await this.acquire(signal, true);
        return this.exchange(fresh, payload, signal);
      }
      throw e;
    }
  }

  /** Opens (or reuses) a connection and gives it back: says whether the legacy system accepts connections. */
  async probe(): Promise<void> {
    const conn = await this.acquire(undefined);
    this.release(conn);
  }

  /** Destroys every connection and fails waiting requests. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(this.unavailable('connection pool closed'));
    const closing = [...this.all].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.socket.destroyed) return resolve();
          c.socket.once('close', () => resolve());
          this.destroy(c, false);
        }),
    );
    await Promise.all(closing);
  }

  private acquire(signal: AbortSignal | undefined, forceNew = false): Promise<Connection> {
    if (this.closed) return Promise.reject(this.unavailable('connection pool closed'));
    if (signal?.aborted)
      return Promise.reject(this.timeout('request aborted before it was sent', signal.reason));
    if (!forceNew) {
      const c = this.idle.pop();
      if (c) {
        clearTimeout(c.idleTimer);
        return Promise.resolve(c);
      }
    }
    if (this.all.size + this.pending < this.o.maxConnections) return this.connect();
    return new Promise<Connection>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (c) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(c);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(this.timeout('request aborted while waiting for a connection', signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private connect(): Promise<Connection> {
    this.pending++;
    return new Promise<Connection>((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.port });
      const timer = setTimeout(() => {
        socket.destroy();
        fail(this.timeout(`no connection within ${this.o.connectTimeoutMs} ms`));
      }, this.o.connectTimeoutMs);
      let settled = false;
      const fail = (e: DataLayerError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pending--;
        reject(e);
        this.serveWaiters();
      };
      socket.once('error', (e) => fail(this.unavailable(`cannot connect to ${this.host}:${this.port}`, e)));
      socket.once('connect', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pending--;
        this.opened++;
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 30_000);
        const conn: Connection = { socket, used: false, closed: false };
        this.all.add(conn);
        socket.removeAllListeners('error');
        // Between exchanges a socket may still fail or be closed by the server: drop it quietly.
        socket.on('error', () => undefined);
        socket.on('close', () => this.forget(conn));
        resolve(conn);
      });
    });
  }

  private exchange(conn: Connection, payload: Buffer, signal: AbortSignal | undefined): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (err: unknown, reply?: Buffer, keep = false) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        conn.socket.off('data', onData);
        conn.socket.off('close', onClose);
        conn.socket.off('error', onError);
        signal?.removeEventListener('abort', onAbort);
        conn.used = true;
        if (keep) this.release(conn);
        else this.destroy(conn, true);
        if (err) reject(err);
        else resolve(reply!);
      };
      const onData = (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        const received = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        chunks.length = 0;
        chunks.push(received);
        let end: number | undefined;
        try {
          end = this.o.frame(received);
        } catch (e) {
          return finish(this.badReply(e));
        }
        if (end === undefined) {
          if (size > this.o.maxReplyBytes)
            finish(this.badReply(new Error(`reply larger than ${this.o.maxReplyBytes} bytes`)));
          return;
        }
        if (!Number.isInteger(end) || end <= 0 || end > received.length)
          return finish(this.badReply(new Error(`frame returned ${end} for ${received.length} bytes`)));
        // Bytes after the reply belong to no request: the stream is out of step, so the connection goes.
        finish(null, received.subarray(0, end), end === received.length);
      };
      const networkError = (why: string, cause?: unknown) => {
        const e = this.unavailable(why, cause);
        // Nothing came back on a connection that had carried earlier exchanges: the server closed it while idle.
        if (size === 0) Object.assign(e, { stale: true });
        return e;
      };
      const onClose = () => finish(networkError('connection closed before the reply was complete'));
      const onError = (e: Error) => finish(networkError('connection failed during the exchange', e));
      const onAbort = () => finish(this.timeout('request aborted', signal?.reason));
      const timer = setTimeout(
        () => finish(this.timeout(`no complete reply within ${this.o.requestTimeoutMs} ms`)),
        this.o.requestTimeoutMs,
      );
      if (conn.closed || conn.socket.destroyed) return finish(networkError('connection already closed'));
      conn.socket.on('data', onData);
      conn.socket.once('close', onClose);
      conn.socket.on('error', onError);
      signal?.addEventListener('abort', onAbort, { once: true });
      conn.socket.write(payload);
    });
  }

  private release(conn: Connection): void {
    if (conn.closed || conn.socket.destroyed) return this.serveWaiters();
    const waiter = this.waiters.shift();
    if (waiter) return waiter.resolve(conn);
    if (this.closed) return this.destroy(conn, false);
    conn.idleTimer = setTimeout(() => {
      const i = this.idle.indexOf(conn);
      if (i >= 0) this.idle.splice(i, 1);
      this.destroy(conn, false);
    }, this.o.idleTimeoutMs);
    conn.idleTimer.unref();
    this.idle.push(conn);
  }

  private destroy(conn: Connection, discarded: boolean): void {
    if (discarded) this.discarded++;
    conn.socket.destroy();
    this.forget(conn);
  }

  /** Takes a gone connection out of the books and lets a waiting request open a new one. */
  private forget(conn: Connection): void {
    if (conn.closed) return;
    conn.closed = true;
    clearTimeout(conn.idleTimer);
    this.all.delete(conn);
    const i = this.idle.indexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
    this.serveWaiters();
  }

  private serveWaiters(): void {
    while (this.waiters.length > 0 && !this.closed) {
      const idle = this.idle.pop();
      if (idle) {
        clearTimeout(idle.idleTimer);
        this.waiters.shift()!.resolve(idle);
        continue;
      }
      if (this.all.size + this.pending >= this.o.maxConnections) return;
      const waiter = this.waiters.shift()!;
      this.connect().then(waiter.resolve, waiter.reject);
    }
  }

  private unavailable(why: string, cause?: unknown): DataLayerError {
    const department = this.department;
    return new DataLayerError('DEPARTMENT_UNAVAILABLE', `${department} is unreachable: ${why}`, {
      department,
      cause,
    });
  }

  private timeout(why: string, cause?: unknown): DataLayerError {
    const department = this.department;
    return new DataLayerError('DEPARTMENT_TIMEOUT', `${department} did not answer in time: ${why}`, {
      department,
      cause,
    });
  }

  private badReply(e: unknown): DataLayerError {
    if (e instanceof DataLayerError) return e;
    const department = this.department;
    return new DataLayerError(
      'BAD_LEGACY_REPLY',
      `${department} sent a reply that does not follow its protocol: ${(e as Error).message}`,
      {
        department,
        cause: e,
      },
    );
  }
}
