import type { BreakerOptions } from '../kit/breaker';
import type { Cache } from '../kit/cache';

export interface HousingAdapterOptions {
  /** Where the registry's transaction gateway listens. @default 'tcp://127.0.0.1:5104' */
  url?: string;
  /** Connections kept open to the registry (its CICS region allows few per client). @default 4 (connections) */
  maxConnections?: number;
  /** Time to establish a TCP connection, in ms. @default 2_000 (2 s) */
  connectTimeoutMs?: number;
  /**
   * Time from sending a transaction to the end of its reply, in ms. Below the breaker's
   * 3 s timeout, so the pool gives up first and destroys the stuck connection.
   * @default 2_500 (2.5 s)
   */
  requestTimeoutMs?: number;
  /** An unused connection is closed after this long, in ms. @default 30_000 (30 s) */
  idleTimeoutMs?: number;
  /**
   * How long property records are served from cache, in ms (1 to 86_400_000); set, it overrides
   * the `property` data class (kit/data-class.ts, CACHE_TTL_MS_BY_DATA_CLASS).
   * @default unset: the class's TTL, 1_800_000 (30 min; registrations change rarely)
   */
  cacheTtlMs?: number;
  /** Where property records are cached; none when absent. */
  cache?: Cache;
  breaker?: BreakerOptions;
}

export const HOUSING_DEFAULTS = {
  url: 'tcp://127.0.0.1:5104',
  maxConnections: 4, // connections
  connectTimeoutMs: 2_000, // 2 s
  requestTimeoutMs: 2_500, // 2.5 s
  idleTimeoutMs: 30_000, // 30 s
  // No cacheTtlMs: unless set, the `property` data class's TTL applies (30 min).
};

/** Every option filled in, except `cacheTtlMs`: unset, it stays undefined so the data class decides. */
export type ResolvedHousingOptions = typeof HOUSING_DEFAULTS &
  Pick<HousingAdapterOptions, 'cache' | 'breaker' | 'cacheTtlMs'>;

/** The longest cacheTtlMs, as the kit's policy allows: 86_400_000 ms (24 h). */
const MAX_CACHE_TTL_MS = 86_400_000;

const NUMERIC = [
  'maxConnections',
  'connectTimeoutMs',
  'requestTimeoutMs',
  'idleTimeoutMs',
  'cacheTtlMs',
] as const;

/** Defaults filled in and every option checked, naming the option and the value it got. */
export function resolveHousingOptions(options: HousingAdapterOptions = {}): ResolvedHousingOptions {
  const o = { ...HOUSING_DEFAULTS, ...stripUndefined(options) };
  if (!isTcpUrl(o.url)) throw new TypeError(`url must be a tcp://host:port URL: ${o.url}`);
  for (const name of NUMERIC) {
    const v = o[name];
    if (v === undefined) continue; // only cacheTtlMs may be unset: the data class's TTL applies
    if (!Number.isInteger(v) || v <= 0) throw new TypeError(`${name} must be a positive integer: ${v}`);
  }
  if (o.cacheTtlMs !== undefined && o.cacheTtlMs > MAX_CACHE_TTL_MS)
    throw new TypeError(`cacheTtlMs must be at most ${MAX_CACHE_TTL_MS} (24 h): ${o.cacheTtlMs}`);
  return o;
}

function isTcpUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const u = new URL(url);
    return u.protocol === 'tcp:' && u.hostname !== '' && u.port !== '';
  } catch {
    return false;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const ENV: Record<(typeof NUMERIC)[number], string> = {
  maxConnections: 'HOUSING_MAX_CONNECTIONS',
  connectTimeoutMs: 'HOUSING_CONNECT_TIMEOUT_MS',
  requestTimeoutMs: 'HOUSING_REQUEST_TIMEOUT_MS',
  idleTimeoutMs: 'HOUSING_IDLE_TIMEOUT_MS',
  cacheTtlMs: 'HOUSING_CACHE_TTL_MS',
};

/**
 * Options from the environment: HOUSING_URL, HOUSING_MAX_CONNECTIONS, HOUSING_CONNECT_TIMEOUT_MS,
 * HOUSING_REQUEST_TIMEOUT_MS, HOUSING_IDLE_TIMEOUT_MS, HOUSING_CACHE_TTL_MS. A bad value stops
 * start-up with the variable's name.
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): HousingAdapterOptions {
  const out: HousingAdapterOptions = {};
  if (env.HOUSING_URL) out.url = env.HOUSING_URL;
  for (const name of NUMERIC) {
    const raw = env[ENV[name]];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0)
      throw new TypeError(`${ENV[name]} must be a positive integer: ${raw}`);
    out[name] = n;
  }
  try {
    resolveHousingOptions(out);
  } catch (e) {
    const option = NUMERIC.find((name) => (e as Error).message.startsWith(`${name} `));
    throw new TypeError(`${option ? ENV[option] : 'HOUSING_URL'}: ${(e as Error).message}`);
  }
  return out;
}
