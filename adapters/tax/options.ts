import os from 'node:os';
import path from 'node:path';
import type { BreakerOptions } from '../kit/breaker';
import type { Cache } from '../kit/cache';

export interface TaxAdapterOptions {
  /**
   * The bureau's database: `sqlite:<file>` (embedded, read-only) or `mysql://user:pass@host:port/db`
   * (MariaDB, or the mock's wire proxy in front of it).
   * @default sqlite:<os.tmpdir()>/one-window/tax-legacy.sqlite
   */
  url?: string;
  /** SQLite: how long a read waits for a lock held by the bureau's writer, in ms. @default 1_000 (1 s) */
  busyTimeoutMs?: number;
  /** MariaDB: time to open a connection, in ms. @default 2_000 (2 s) */
  connectTimeoutMs?: number;
  /** MariaDB: time a query may go without an answer before its connection is dropped, in ms. @default 2_500 (2.5 s) */
  queryTimeoutMs?: number;
  /** MariaDB: connections kept in the pool. @default 8 (connections) */
  connections?: number;
  /** Most USCCs in one `IN (...)` query. @default 100 (keys) */
  maxBatchSize?: number;
  /** Where tax statuses are cached; no caching when absent. */
  cache?: Cache;
  /**
   * How long a tax status is served from cache, in ms (1 to 86_400_000; ratings change yearly,
   * arrears daily) (TAX_CACHE_TTL_MS); set, it overrides the `tax-status` data class
   * (kit/data-class.ts, CACHE_TTL_MS_BY_DATA_CLASS). @default unset: the class's TTL, 600_000 (10 min)
   */
  cacheTtlMs?: number;
  /** Circuit breaker around the view query (its timeoutMs should exceed queryTimeoutMs). */
  breaker?: BreakerOptions;
}

/** Where the tax mock puts its SQLite file unless TAX_SQLITE_PATH says otherwise. */
export const DEFAULT_SQLITE_PATH = path.join(os.tmpdir(), 'one-window', 'tax-legacy.sqlite');

/** Port of the tax mock's MySQL wire proxy, the adapter's MariaDB default. */
export const DEFAULT_PROXY_PORT = 5105;

export const TAX_DEFAULTS = {
  url: `sqlite:${DEFAULT_SQLITE_PATH}`,
  busyTimeoutMs: 1_000, // 1 s
  connectTimeoutMs: 2_000, // 2 s
  queryTimeoutMs: 2_500, // 2.5 s
  connections: 8, // connections
  maxBatchSize: 100, // keys
  // No cacheTtlMs: unless set, the `tax-status` data class's TTL applies (10 min).
};

/** Every option filled in, except `cacheTtlMs`: unset, it stays undefined so the data class decides. */
export type ResolvedTaxOptions = typeof TAX_DEFAULTS &
  Pick<TaxAdapterOptions, 'cache' | 'breaker' | 'cacheTtlMs'>;

/** The longest cacheTtlMs, as the kit's policy allows: 86_400_000 ms (24 h). */
const MAX_CACHE_TTL_MS = 86_400_000;

/** Whether a cacheTtlMs is a whole number of ms the kit's policy accepts. */
function validTtl(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_CACHE_TTL_MS;
}

function positive(name: string, v: number, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v)))
    throw new TypeError(`${name} must be a positive ${integer ? 'integer' : 'number'}: ${v}`);
  return v;
}

/** Which reader a URL selects; throws naming the option when it selects none. */
export function backendOf(url: string, name = 'url'): 'sqlite' | 'mysql' {
  if (/^sqlite:.+/.test(url)) return 'sqlite';
  if (/^(mysql|mariadb):\/\/[^/]+/.test(url)) return 'mysql';
  throw new TypeError(`${name} must be sqlite:<file> or mysql://user@host:port/database: ${url}`);
}

/** Defaults filled in and every option checked once, at construction. */
export function resolveTaxOptions(options: TaxAdapterOptions = {}): ResolvedTaxOptions {
  const o = { ...TAX_DEFAULTS, ...options };
  backendOf(o.url);
  positive('busyTimeoutMs', o.busyTimeoutMs);
  positive('connectTimeoutMs', o.connectTimeoutMs);
  positive('queryTimeoutMs', o.queryTimeoutMs);
  positive('connections', o.connections, true);
  positive('maxBatchSize', o.maxBatchSize, true);
  if (o.cacheTtlMs !== undefined && !validTtl(o.cacheTtlMs))
    throw new TypeError(`cacheTtlMs must be a whole number from 1 to ${MAX_CACHE_TTL_MS}: ${o.cacheTtlMs}`);
  return o;
}

function envNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number: ${raw}`);
  return n;
}

/**
 * The database URL from the environment: TAX_URL when set; otherwise, when MARIADB_URL is
 * set, the mock's wire proxy on 127.0.0.1:5105 with MARIADB_URL's user, password and
 * database (so faults and counters apply); otherwise the SQLite file (TAX_SQLITE_PATH).
 */
export function taxUrlFromEnv(env: NodeJS.ProcessEnv): string {
  if (env.TAX_URL) {
    backendOf(env.TAX_URL, 'TAX_URL');
    return env.TAX_URL;
  }
  if (env.MARIADB_URL) {
    let u: URL;
    try {
      u = new URL(env.MARIADB_URL);
      backendOf(env.MARIADB_URL, 'MARIADB_URL');
    } catch {
      throw new Error(`MARIADB_URL must be mysql://user@host:port/database: ${env.MARIADB_URL}`);
    }
    u.protocol = 'mysql:';
    u.hostname = '127.0.0.1';
    u.port = String(DEFAULT_PROXY_PORT);
    return u.toString();
  }
  return `sqlite:${env.TAX_SQLITE_PATH || DEFAULT_SQLITE_PATH}`;
}

/**
 * Options from the environment: TAX_URL (see taxUrlFromEnv), TAX_BUSY_TIMEOUT_MS,
 * TAX_CONNECT_TIMEOUT_MS, TAX_QUERY_TIMEOUT_MS, TAX_POOL_SIZE, TAX_CACHE_TTL_MS (unset: the
 * `tax-status` data class's TTL). A bad value stops start-up naming the variable.
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): TaxAdapterOptions {
  const o: TaxAdapterOptions = { url: taxUrlFromEnv(env) };
  const busy = envNumber(env, 'TAX_BUSY_TIMEOUT_MS');
  const connect = envNumber(env, 'TAX_CONNECT_TIMEOUT_MS');
  const query = envNumber(env, 'TAX_QUERY_TIMEOUT_MS');
  const pool = envNumber(env, 'TAX_POOL_SIZE');
  if (pool !== undefined && !Number.isInteger(pool))
    throw new Error(`TAX_POOL_SIZE must be a positive integer: ${env.TAX_POOL_SIZE}`);
  const ttl =
    env.TAX_CACHE_TTL_MS === undefined || env.TAX_CACHE_TTL_MS === ''
      ? undefined
      : Number(env.TAX_CACHE_TTL_MS);
  if (ttl !== undefined && !validTtl(ttl))
    throw new Error(
      `TAX_CACHE_TTL_MS must be a whole number from 1 to ${MAX_CACHE_TTL_MS}: ${env.TAX_CACHE_TTL_MS}`,
    );
  if (busy !== undefined) o.busyTimeoutMs = busy;
  if (connect !== undefined) o.connectTimeoutMs = connect;
  if (query !== undefined) o.queryTimeoutMs = query;
  if (pool !== undefined) o.connections = pool;
  if (ttl !== undefined) o.cacheTtlMs = ttl;
  return o;
}
