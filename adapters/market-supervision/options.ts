import type { BreakerOptions } from '../kit/breaker';
import type { Cache } from '../kit/cache';

/** How the market supervision adapter reaches and uses the enterprise registry. */
export interface MarketSupervisionAdapterOptions {
  /** Origin of the registry's REST API (MARKET_SUPERVISION_URL). @default 'http://127.0.0.1:5102' */
  url?: string;
  /** Items asked for per page (MARKET_SUPERVISION_PAGE_SIZE); the registry refuses more than 20. @default 20 (items) */
  pageSize?: number;
  /** Pages fetched at the same time once the first page told the total (MARKET_SUPERVISION_PAGE_CONCURRENCY). @default 4 (requests) */
  pageConcurrency?: number;
  /** Keys sent in one query (MARKET_SUPERVISION_MAX_BATCH_SIZE); the registry accepts 100 values a parameter. @default 100 (keys) */
  maxBatchSize?: number;
  /** Keep-alive connections to the registry (MARKET_SUPERVISION_CONNECTIONS). @default 16 (connections) */
  connections?: number;
  /** Time to open a connection, in ms (MARKET_SUPERVISION_CONNECT_TIMEOUT_MS). @default 2_000 (2 s) */
  connectTimeoutMs?: number;
  /** Time to the headers of one page, in ms (MARKET_SUPERVISION_HEADERS_TIMEOUT_MS). @default 5_000 (5 s) */
  headersTimeoutMs?: number;
  /** Time between body chunks, in ms (MARKET_SUPERVISION_BODY_TIMEOUT_MS). @default 5_000 (5 s) */
  bodyTimeoutMs?: number;
  /**
   * How long records are served from cache, in ms (MARKET_SUPERVISION_CACHE_TTL_MS); set, it
   * overrides the `registration` data class (kit/data-class.ts, CACHE_TTL_MS_BY_DATA_CLASS).
   * @default unset: the class's TTL, 600_000 (10 min)
   */
  cacheTtlMs?: number;
  /** Where records are cached; no caching when absent. */
  cache?: Cache;
  /** Circuit breaker of each operation; `timeoutMs` covers all pages of one query (MARKET_SUPERVISION_TIMEOUT_MS). */
  breaker?: BreakerOptions;
}

/** Every option filled in, except `cacheTtlMs`: unset, it stays undefined so the data class decides. */
export type ResolvedOptions = Required<
  Omit<MarketSupervisionAdapterOptions, 'cache' | 'breaker' | 'cacheTtlMs'>
> &
  Pick<MarketSupervisionAdapterOptions, 'cache' | 'breaker' | 'cacheTtlMs'>;

export const MARKET_SUPERVISION_DEFAULTS = {
  url: 'http://127.0.0.1:5102',
  pageSize: 20, // items, the registry's maximum
  pageConcurrency: 4, // requests
  maxBatchSize: 100, // keys, the registry's maximum
  connections: 16, // connections
  connectTimeoutMs: 2_000, // 2 s
  headersTimeoutMs: 5_000, // 5 s
  bodyTimeoutMs: 5_000, // 5 s
  // No cacheTtlMs: unless set, the `registration` data class's TTL applies (10 min).
} as const satisfies ResolvedOptions;

/** Every option checked and read from the environment: the defaulted ones and `cacheTtlMs`. */
type CheckedOption = keyof typeof MARKET_SUPERVISION_DEFAULTS | 'cacheTtlMs';

type NumericOption = Exclude<CheckedOption, 'url'>;

/** The allowed range of every numeric option. */
const RANGES: Record<NumericOption, [min: number, max: number]> = {
  pageSize: [1, 20],
  pageConcurrency: [1, 16],
  maxBatchSize: [1, 100],
  connections: [1, 1_024],
  connectTimeoutMs: [1, 600_000],
  headersTimeoutMs: [1, 600_000],
  bodyTimeoutMs: [1, 600_000],
  cacheTtlMs: [1, 86_400_000],
};

/** Environment variable of each option read by `fromEnv`. */
const VARIABLES: Record<CheckedOption, string> = {
  url: 'MARKET_SUPERVISION_URL',
  pageSize: 'MARKET_SUPERVISION_PAGE_SIZE',
  pageConcurrency: 'MARKET_SUPERVISION_PAGE_CONCURRENCY',
  maxBatchSize: 'MARKET_SUPERVISION_MAX_BATCH_SIZE',
  connections: 'MARKET_SUPERVISION_CONNECTIONS',
  connectTimeoutMs: 'MARKET_SUPERVISION_CONNECT_TIMEOUT_MS',
  headersTimeoutMs: 'MARKET_SUPERVISION_HEADERS_TIMEOUT_MS',
  bodyTimeoutMs: 'MARKET_SUPERVISION_BODY_TIMEOUT_MS',
  cacheTtlMs: 'MARKET_SUPERVISION_CACHE_TTL_MS',
};

/** What is wrong with a value of an option, or undefined when it is fine. */
function problem(option: CheckedOption, value: unknown): string | undefined {
  if (option === 'url') {
    try {
      const u = new URL(String(value));
      return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'must be an http(s) URL';
    } catch {
      return 'must be an absolute http(s) URL';
    }
  }
  const [min, max] = RANGES[option];
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? undefined
    : `must be a whole number from ${min} to ${max}`;
}

/** Fills defaults and checks every option once, naming the option and the value it got. */
export function resolveOptions(options: MarketSupervisionAdapterOptions = {}): ResolvedOptions {
  const known = new Set<string>([...Object.keys(VARIABLES), 'cache', 'breaker']);
  for (const k of Object.keys(options))
    if (!known.has(k)) throw new TypeError(`unknown market-supervision adapter option: ${k}`);
  const resolved = { ...MARKET_SUPERVISION_DEFAULTS, ...stripUndefined(options) } as ResolvedOptions;
  for (const option of Object.keys(VARIABLES) as CheckedOption[]) {
    if (option === 'cacheTtlMs' && resolved.cacheTtlMs === undefined) continue; // unset: the data class's TTL
    const why = problem(option, resolved[option]);
    if (why) throw new TypeError(`${option} ${why}: ${JSON.stringify(resolved[option])}`);
  }
  return resolved;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Adapter options from the environment: MARKET_SUPERVISION_URL, _PAGE_SIZE, _PAGE_CONCURRENCY,
 * _MAX_BATCH_SIZE, _CONNECTIONS, _CONNECT_TIMEOUT_MS, _HEADERS_TIMEOUT_MS, _BODY_TIMEOUT_MS,
 * _CACHE_TTL_MS and _TIMEOUT_MS (breaker). A bad value throws naming the variable.
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): MarketSupervisionAdapterOptions {
  const out: Record<string, unknown> = {};
  for (const [option, variable] of Object.entries(VARIABLES) as [CheckedOption, string][]) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const value = option === 'url' ? raw : Number(raw);
    const why = problem(option, value);
    if (why) throw new TypeError(`${variable} ${why}: ${raw}`);
    out[option] = value;
  }
  const timeout = env.MARKET_SUPERVISION_TIMEOUT_MS;
  if (timeout !== undefined && timeout !== '') {
    const ms = Number(timeout);
    if (!Number.isInteger(ms) || ms < 1)
      throw new TypeError(`MARKET_SUPERVISION_TIMEOUT_MS must be a positive whole number: ${timeout}`);
    out.breaker = { timeoutMs: ms };
  }
  return out as MarketSupervisionAdapterOptions;
}
