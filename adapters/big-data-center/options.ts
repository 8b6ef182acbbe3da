import type { BreakerOptions } from '../kit/breaker';
import type { Cache } from '../kit/cache';
import { DEMO_SUISHENMA_VERIFIER_KEY, parseVerifierKeys } from './digital-id-verifier-keys';

/** Demo credentials of the mock's registered app: for local runs only (README.md). */
export const DEMO_APP_KEY = 'owdl-demo-app';
export const DEMO_APP_SECRET = 'owdl-demo-secret-for-local-runs-only';

export interface BigDataCenterAdapterOptions {
  /** Origin of the data-sharing platform. @default 'http://127.0.0.1:5107' */
  url?: string;
  /** App key the platform registered for us (X-App-Key). @default DEMO_APP_KEY */
  appKey?: string;
  /** Shared secret for request and response signatures; never logged. @default DEMO_APP_SECRET */
  appSecret?: string;
  /** Keep-alive connections to the platform. @default 16 */
  connections?: number;
  /** Time to connect, in ms. @default 2_000 (2 s) */
  connectTimeoutMs?: number;
  /** Time to the response headers and between body chunks, in ms. @default 5_000 (5 s) */
  requestTimeoutMs?: number;
  /** Certificates asked for per searchByHolders page (the platform serves at most 500). @default 500 */
  pageSize?: number;
  /** Ids or holders per legacy request (the platform accepts at most 100). @default 100 */
  maxBatchSize?: number;
  /** Where certificates are cached; none when absent. */
  cache?: Cache;
  /**
   * How long certificates are served from cache, in ms; set, it overrides the `certificate` data
   * class (kit/data-class.ts, CACHE_TTL_MS_BY_DATA_CLASS). @default the class's TTL: 60_000 (60 s)
   */
  cacheTtlMs?: number;
  /** How long issuer public keys are served from cache, in ms; set, it overrides the `signing-key` data class. @default the class's TTL: 3_600_000 (1 h) */
  keyCacheTtlMs?: number;
  /** How long the Suishenma JWKS is used before it is fetched again, in ms. @default 600_000 (10 min) */
  jwksTtlMs?: number;
  /**
   * The 256-bit key(s) Suishenma codes are encrypted under, shared with the Big Data Center:
   * base64url of 32 bytes; during a rotation the new and the old key, comma-separated (each
   * code names its key by `kid`). Never logged. @default DEMO_SUISHENMA_VERIFIER_KEY (local runs only)
   */
  suishenmaVerifierKey?: string;
  /** How long past its expiry a verified Suishenma code is remembered (to tell REPLAYED from EXPIRED), in ms. @default 300_000 (5 min) */
  digitalIdReplayGraceMs?: number;
  /** The clock for validity checks, in ms since the epoch (tests move it). @default Date.now */
  now?: () => number;
  breaker?: BreakerOptions;
}

export const DEFAULTS = {
  url: 'http://127.0.0.1:5107',
  appKey: DEMO_APP_KEY,
  appSecret: DEMO_APP_SECRET,
  connections: 16,
  connectTimeoutMs: 2_000, // 2 s
  requestTimeoutMs: 5_000, // 5 s
  pageSize: 500, // certificates
  maxBatchSize: 100, // ids or holders
  cacheTtlMs: 60_000, // 60 s: the `certificate` data class's default, which applies unless the option is set
  keyCacheTtlMs: 3_600_000, // 1 h: the `signing-key` data class's default, likewise
  jwksTtlMs: 600_000, // 10 min
  suishenmaVerifierKey: DEMO_SUISHENMA_VERIFIER_KEY,
  digitalIdReplayGraceMs: 300_000, // 5 min
  now: Date.now as () => number,
};

export type ResolvedOptions = typeof DEFAULTS & Pick<BigDataCenterAdapterOptions, 'cache' | 'breaker'>;

function integer(name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || v < min || v > max)
    throw new TypeError(`${name} must be an integer from ${min} to ${max}: ${v}`);
  return v;
}

/** Fills in defaults and checks every option once, naming the option and the value it got (never the secret). */
export function resolveOptions(options: BigDataCenterAdapterOptions = {}): ResolvedOptions {
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    throw new TypeError(`url must be an absolute http(s) URL: ${o.url}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`url must be an absolute http(s) URL: ${o.url}`);
  if (typeof o.appKey !== 'string' || !/^[\w.-]{1,64}$/.test(o.appKey))
    throw new TypeError(`appKey must be 1 to 64 characters [A-Za-z0-9_.-]: ${JSON.stringify(o.appKey)}`);
  if (typeof o.appSecret !== 'string' || o.appSecret.length < 16)
    throw new TypeError(
      `appSecret must be a string of at least 16 characters (got ${String(o.appSecret?.length ?? 0)})`,
    );
  integer('connections', o.connections, 1, 1_024);
  integer('connectTimeoutMs', o.connectTimeoutMs, 1);
  integer('requestTimeoutMs', o.requestTimeoutMs, 1);
  integer('pageSize', o.pageSize, 1, 500);
  integer('maxBatchSize', o.maxBatchSize, 1, 100);
  integer('cacheTtlMs', o.cacheTtlMs, 1);
  integer('keyCacheTtlMs', o.keyCacheTtlMs, 1);
  integer('jwksTtlMs', o.jwksTtlMs, 1);
  parseVerifierKeys(o.suishenmaVerifierKey, 'suishenmaVerifierKey');
  integer('digitalIdReplayGraceMs', o.digitalIdReplayGraceMs, 0);
  if (typeof o.now !== 'function')
    throw new TypeError(`now must be a function returning ms since the epoch: ${String(o.now)}`);
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Options from the environment: BIG_DATA_CENTER_URL, BIG_DATA_CENTER_APP_KEY,
 * BIG_DATA_CENTER_APP_SECRET, BIG_DATA_CENTER_TIMEOUT_MS, BIG_DATA_CENTER_PAGE_SIZE,
 * BIG_DATA_CENTER_CACHE_TTL_MS, BIG_DATA_CENTER_JWKS_TTL_MS,
 * BIG_DATA_CENTER_SUISHENMA_VERIFIER_KEY, BIG_DATA_CENTER_DIGITAL_ID_REPLAY_GRACE_MS. A bad value throws naming the variable.
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): BigDataCenterAdapterOptions {
  const num = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer: ${raw}`);
    return n;
  };
  const options: BigDataCenterAdapterOptions = {
    url: env.BIG_DATA_CENTER_URL || undefined,
    appKey: env.BIG_DATA_CENTER_APP_KEY || undefined,
    appSecret: env.BIG_DATA_CENTER_APP_SECRET || undefined,
    requestTimeoutMs: num('BIG_DATA_CENTER_TIMEOUT_MS'),
    pageSize: num('BIG_DATA_CENTER_PAGE_SIZE'),
    cacheTtlMs: num('BIG_DATA_CENTER_CACHE_TTL_MS'),
    jwksTtlMs: num('BIG_DATA_CENTER_JWKS_TTL_MS'),
    suishenmaVerifierKey: env.BIG_DATA_CENTER_SUISHENMA_VERIFIER_KEY || undefined,
    digitalIdReplayGraceMs: num('BIG_DATA_CENTER_DIGITAL_ID_REPLAY_GRACE_MS'),
  };
  const variables: Record<string, string> = {
    url: 'BIG_DATA_CENTER_URL',
    appKey: 'BIG_DATA_CENTER_APP_KEY',
    appSecret: 'BIG_DATA_CENTER_APP_SECRET',
    requestTimeoutMs: 'BIG_DATA_CENTER_TIMEOUT_MS',
    pageSize: 'BIG_DATA_CENTER_PAGE_SIZE',
    cacheTtlMs: 'BIG_DATA_CENTER_CACHE_TTL_MS',
    jwksTtlMs: 'BIG_DATA_CENTER_JWKS_TTL_MS',
    suishenmaVerifierKey: 'BIG_DATA_CENTER_SUISHENMA_VERIFIER_KEY',
    digitalIdReplayGraceMs: 'BIG_DATA_CENTER_DIGITAL_ID_REPLAY_GRACE_MS',
  };
  try {
    resolveOptions(options);
  } catch (e) {
    const option = Object.keys(variables).find((k) => (e as Error).message.startsWith(`${k} `));
    throw new Error(option ? `${variables[option]}: ${(e as Error).message}` : (e as Error).message);
  }
  return options;
}
