import type { BreakerOptions } from '../kit/breaker';
import type { Cache } from '../kit/cache';

export interface HealthAdapterOptions {
  /** Origin of the Commission's FHIR server. @default 'http://127.0.0.1:5103' */
  url?: string;
  /** Path of the FHIR base under that origin. @default '/fhir' */
  basePath?: string;
  /** Keep-alive connections to the FHIR server. @default 16 */
  connections?: number;
  /** Time to open a connection, in ms. @default 2_000 (2 s) */
  connectTimeoutMs?: number;
  /** Time to the response headers, in ms. @default 5_000 (5 s) */
  headersTimeoutMs?: number;
  /** Time between body chunks, in ms. @default 5_000 (5 s) */
  bodyTimeoutMs?: number;
  /** `_count` of every search, in entries per page; the server serves at most 50. @default 50 */
  pageSize?: number;
  /** Most `next` links followed for one search before the reply is called malformed, in pages. @default 20 */
  maxPages?: number;
  /** Most identifiers OR-ed into one search (keeps the URL well under the server's 8 KiB limit). @default 100 */
  maxIdsPerSearch?: number;
  /** Where documents are cached; no caching when absent. */
  cache?: Cache;
  /**
   * How long documents are served from cache, in ms (1 to 86_400_000); set, it overrides the
   * `health` data class (kit/data-class.ts, CACHE_TTL_MS_BY_DATA_CLASS).
   * @default unset: the class's TTL, 300_000 (5 min)
   */
  cacheTtlMs?: number;
  /** Circuit breaker settings for the FHIR searches. */
  breaker?: BreakerOptions;
}

/** Every option filled in, except `cacheTtlMs`: unset, it stays undefined so the data class decides. */
export type ResolvedHealthOptions = Required<Omit<HealthAdapterOptions, 'cache' | 'breaker' | 'cacheTtlMs'>> &
  Pick<HealthAdapterOptions, 'cache' | 'breaker' | 'cacheTtlMs'>;

export const HEALTH_DEFAULTS = {
  url: 'http://127.0.0.1:5103',
  basePath: '/fhir',
  connections: 16,
  connectTimeoutMs: 2_000, // 2 s
  headersTimeoutMs: 5_000, // 5 s
  bodyTimeoutMs: 5_000, // 5 s
  pageSize: 50, // entries, the server's maximum
  maxPages: 20, // pages
  maxIdsPerSearch: 100, // identifiers
  // No cacheTtlMs: unless set, the `health` data class's TTL applies (5 min).
} as const satisfies Required<Omit<HealthAdapterOptions, 'cache' | 'breaker' | 'cacheTtlMs'>>;

/** The longest cacheTtlMs, as the kit's policy allows: 86_400_000 ms (24 h). */
const MAX_CACHE_TTL_MS = 86_400_000;

function integer(name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new TypeError(`${name} must be a whole number from ${min} to ${max}: ${String(v)}`);
  return v;
}

/** Fills in the defaults and checks every option once, naming the option and the value it got. */
export function resolveHealthOptions(options: HealthAdapterOptions = {}): ResolvedHealthOptions {
  const o = { ...HEALTH_DEFAULTS, ...options };
  try {
    const u = new URL(o.url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new TypeError(`url must be an http(s) URL: ${o.url}`);
  }
  if (typeof o.basePath !== 'string' || !o.basePath.startsWith('/'))
    throw new TypeError(`basePath must start with "/": ${String(o.basePath)}`);
  return {
    ...o,
    url: o.url,
    basePath: o.basePath.replace(/\/+$/, ''), // '' when the FHIR base is the origin's root
    connections: integer('connections', o.connections, 1),
    connectTimeoutMs: integer('connectTimeoutMs', o.connectTimeoutMs, 1),
    headersTimeoutMs: integer('headersTimeoutMs', o.headersTimeoutMs, 1),
    bodyTimeoutMs: integer('bodyTimeoutMs', o.bodyTimeoutMs, 1),
    pageSize: integer('pageSize', o.pageSize, 1, 50),
    maxPages: integer('maxPages', o.maxPages, 1),
    maxIdsPerSearch: integer('maxIdsPerSearch', o.maxIdsPerSearch, 1, 200),
    cacheTtlMs:
      o.cacheTtlMs === undefined ? undefined : integer('cacheTtlMs', o.cacheTtlMs, 1, MAX_CACHE_TTL_MS),
  };
}

const ENV_VARIABLES = {
  HEALTH_URL: 'url',
  HEALTH_BASE_PATH: 'basePath',
  HEALTH_CONNECTIONS: 'connections',
  HEALTH_CONNECT_TIMEOUT_MS: 'connectTimeoutMs',
  HEALTH_HEADERS_TIMEOUT_MS: 'headersTimeoutMs',
  HEALTH_BODY_TIMEOUT_MS: 'bodyTimeoutMs',
  HEALTH_PAGE_SIZE: 'pageSize',
  HEALTH_MAX_PAGES: 'maxPages',
  HEALTH_MAX_IDS_PER_SEARCH: 'maxIdsPerSearch',
  HEALTH_CACHE_TTL_MS: 'cacheTtlMs',
} as const satisfies Record<string, keyof HealthAdapterOptions>;

/**
 * Adapter options from the environment (HEALTH_URL, HEALTH_BASE_PATH, HEALTH_PAGE_SIZE ...,
 * see ENV_VARIABLES). Each is checked here, so a bad value stops start-up naming the variable.
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): HealthAdapterOptions {
  const options: Record<string, string | number> = {};
  for (const [variable, option] of Object.entries(ENV_VARIABLES)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const value =
      option === 'url' || option === 'basePath' ? raw : /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
    try {
      resolveHealthOptions({ [option]: value });
    } catch (e) {
      const rule = (e as Error).message.slice(option.length, (e as Error).message.indexOf(': '));
      throw new Error(`${variable}${rule}: ${raw}`);
    }
    options[option] = value;
  }
  return options as HealthAdapterOptions;
}
