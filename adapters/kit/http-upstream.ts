import { Pool, errors as undiciErrors } from 'undici';
import type { CallScope } from './call-scope';
import { DataLayerError } from './errors';

export interface HttpUpstreamOptions {
  /** Department code, used in every error (`extensions.department`). */
  department: string;
  /** Origin of the legacy system, e.g. `http://127.0.0.1:5001`. */
  url: string;
  /** Keep-alive connections kept open to it. @default 16 */
  connections?: number;
  /** Time to establish a TCP connection, in ms. @default 2_000 (2 s) */
  connectTimeoutMs?: number;
  /** Time to the response headers, in ms. @default 5_000 (5 s) */
  headersTimeoutMs?: number;
  /** Time between body chunks, in ms. @default 5_000 (5 s) */
  bodyTimeoutMs?: number;
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The legacy call this request belongs to: its abort signal, and its span as a `traceparent` header. */
  scope?: CallScope;
}

const DEFAULTS = { connections: 16, connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };

function positive(name: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) throw new TypeError(`${name} must be a positive number: ${v}`);
  return v;
}

/** One undici keep-alive Pool per legacy HTTP upstream, with explicit timeouts and typed errors. */
export class HttpUpstream {
  readonly department: string;
  private readonly pool: Pool;

  constructor(options: HttpUpstreamOptions) {
    const o = { ...DEFAULTS, ...options };
    if (!o.department) throw new TypeError('department is required');
    let origin: URL;
    try {
      origin = new URL(o.url);
    } catch {
      throw new TypeError(`url must be an absolute URL: ${o.url}`);
    }
    // `health:5103` parses as a URL with the scheme `health:`; undici would only say "Invalid URL".
    if (origin.protocol !== 'http:' && origin.protocol !== 'https:')
      throw new TypeError(`url must be an http:// or https:// URL: ${o.url}`);
    this.department = o.department;
    this.pool = new Pool(origin.origin, {
      connections: positive('connections', o.connections),
      connectTimeout: positive('connectTimeoutMs', o.connectTimeoutMs),
      headersTimeout: positive('headersTimeoutMs', o.headersTimeoutMs),
      bodyTimeout: positive('bodyTimeoutMs', o.bodyTimeoutMs),
      keepAliveTimeout: 30_000,
    });
  }

  /** Makes one call; a network failure becomes DEPARTMENT_UNAVAILABLE or DEPARTMENT_TIMEOUT. */
  async request(call: HttpCall): Promise<HttpReply> {
    try {
      const traceparent = call.scope?.traceparent;
      const res = await this.pool.request({
        method: call.method,
        path: call.path,
        headers: traceparent ? { ...call.headers, traceparent } : call.headers,
        body: call.body,
        signal: call.scope?.signal,
      });
      const body = Buffer.from(await res.body.arrayBuffer());
      return { status: res.statusCode, headers: res.headers, body };
    } catch (e) {
      throw this.networkError(e);
    }
  }

  private networkError(e: unknown): DataLayerError {
    if (e instanceof DataLayerError) return e;
    const department = this.department;
    if (
      e instanceof undiciErrors.HeadersTimeoutError ||
      e instanceof undiciErrors.BodyTimeoutError ||
      e instanceof undiciErrors.ConnectTimeoutError ||
      // By name, not `instanceof Error`: the AbortError undici rethrows is the signal's DOMException,
      // from another realm under Jest, where it would otherwise pass for a network failure.
      (typeof e === 'object' &&
        e !== null &&
        ((e as { name?: unknown }).name === 'AbortError' ||
          (e as { name?: unknown }).name === 'TimeoutError'))
    ) {
      return new DataLayerError('DEPARTMENT_TIMEOUT', `${department} did not answer in time`, {
        department,
        cause: e,
      });
    }
    return new DataLayerError('DEPARTMENT_UNAVAILABLE', `${department} is unreachable`, {
      department,
      cause: e,
    });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date), if present and sane. */
export function retryAfterSeconds(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  // Every HTTP-date form starts with a day name; V8's Date.parse would read `-5` or `1.5` as 2001.
  if (!/^[a-z]{3}/i.test(v.trim())) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
