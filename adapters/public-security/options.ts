import type { BreakerOptions } from '../kit/breaker';
import type { Cache } from '../kit/cache';

export interface PublicSecurityAdapterOptions {
  /** Origin of the household service. @default 'http://127.0.0.1:5101' */
  url?: string;
  /** Path the service is published at. @default '/ws/HouseholdService' */
  servicePath?: string;
  /** Keep-alive connections to the registry. @default 16 */
  connections?: number;
  /** Time to establish a connection, in ms. @default 2_000 (2 s) */
  connectTimeoutMs?: number;
  /** Time to the reply headers and between body chunks, in ms. @default 5_000 (5 s) */
  timeoutMs?: number;
  /** Ids per QueryPersonBatch call; the registry refuses more than 50. @default 50 (ids) */
  maxBatchSize?: number;
  /** Where person records are cached; no caching when absent. @default undefined */
  cache?: Cache;
  /**
   * How long a person record is served from cache, in ms (1 to 86_400_000); set, it overrides the
   * `identity` data class (kit/data-class.ts, CACHE_TTL_MS_BY_DATA_CLASS).
   * @default unset: the class's TTL, 3_600_000 (1 h)
   */
  cacheTtlMs?: number;
  /** Circuit breaker around QueryPersonBatch (its timeoutMs bounds a whole call). @default BREAKER_DEFAULTS */
  breaker?: BreakerOptions;
}

/** Every option filled in, except `cacheTtlMs`: unset, it stays undefined so the data class decides. */
export type ResolvedOptions = Required<
  Omit<PublicSecurityAdapterOptions, 'cache' | 'breaker' | 'cacheTtlMs'>
> &
  Pick<PublicSecurityAdapterOptions, 'cache' | 'breaker' | 'cacheTtlMs'>;

export const PUBLIC_SECURITY_DEFAULTS = {
  url: 'http://127.0.0.1:5101',
  servicePath: '/ws/HouseholdService',
  connections: 16, // connections
  connectTimeoutMs: 2_000, // 2 s
  timeoutMs: 5_000, // 5 s
  maxBatchSize: 50, // ids, the registry's own limit
  // No cacheTtlMs: unless set, the `identity` data class's TTL applies (1 h: records change rarely, through the counter).
} as const;

/** The longest cacheTtlMs, as the kit's policy allows: 86_400_000 ms (24 h). */
const MAX_CACHE_TTL_MS = 86_400_000;

/** The registry's limit on conditions per QueryPersonBatch. */
export const REGISTRY_MAX_BATCH = 50;

function number(name: string, v: number, min: number, max = Infinity, integer = true): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
    throw new TypeError(
      `${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}: ${v}`,
    );
  return v;
}

/** Fills in defaults and checks every option once, naming the option and the value it got. */
export function resolveOptions(options: PublicSecurityAdapterOptions = {}): ResolvedOptions {
  const o = { ...PUBLIC_SECURITY_DEFAULTS, ...options };
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    throw new TypeError(`url must be an absolute http(s) URL: ${o.url}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`url must be an absolute http(s) URL: ${o.url}`);
  if (typeof o.servicePath !== 'string' || !o.servicePath.startsWith('/'))
    throw new TypeError(`servicePath must start with "/": ${o.servicePath}`);
  return {
    url: o.url,
    servicePath: o.servicePath,
    connections: number('connections', o.connections, 1, 1_024),
    connectTimeoutMs: number('connectTimeoutMs', o.connectTimeoutMs, 1),
    timeoutMs: number('timeoutMs', o.timeoutMs, 1),
    maxBatchSize: number('maxBatchSize', o.maxBatchSize, 1, REGISTRY_MAX_BATCH),
    cacheTtlMs:
      o.cacheTtlMs === undefined ? undefined : number('cacheTtlMs', o.cacheTtlMs, 1, MAX_CACHE_TTL_MS),
    cache: options.cache,
    breaker: options.breaker,
  };
}

const ENV = {
  url: 'PUBLIC_SECURITY_URL',
  servicePath: 'PUBLIC_SECURITY_SERVICE_PATH',
  connections: 'PUBLIC_SECURITY_CONNECTIONS',
  connectTimeoutMs: 'PUBLIC_SECURITY_CONNECT_TIMEOUT_MS',
  timeoutMs: 'PUBLIC_SECURITY_TIMEOUT_MS',
  maxBatchSize: 'PUBLIC_SECURITY_BATCH_SIZE',
  cacheTtlMs: 'PUBLIC_SECURITY_CACHE_TTL_MS',
  breakerTimeoutMs: 'PUBLIC_SECURITY_BREAKER_TIMEOUT_MS',
} as const;

/**
 * Adapter options from the environment (PUBLIC_SECURITY_URL, PUBLIC_SECURITY_SERVICE_PATH,
 * PUBLIC_SECURITY_CONNECTIONS, PUBLIC_SECURITY_CONNECT_TIMEOUT_MS, PUBLIC_SECURITY_TIMEOUT_MS,
 * PUBLIC_SECURITY_BATCH_SIZE, PUBLIC_SECURITY_CACHE_TTL_MS, PUBLIC_SECURITY_BREAKER_TIMEOUT_MS).
 * Unset variables keep the defaults; a bad value throws naming the variable.
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): PublicSecurityAdapterOptions {
  const options: PublicSecurityAdapterOptions = {};
  const str = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const num = (name: string): number | undefined => {
    const raw = str(env[name]);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`${name} must be a number: ${raw}`);
    return n;
  };
  const url = str(env[ENV.url]);
  if (url !== undefined) options.url = url;
  const servicePath = str(env[ENV.servicePath]);
  if (servicePath !== undefined) options.servicePath = servicePath;
  for (const key of ['connections', 'connectTimeoutMs', 'timeoutMs', 'maxBatchSize', 'cacheTtlMs'] as const) {
    const n = num(ENV[key]);
    if (n !== undefined) options[key] = n;
  }
  const breakerTimeoutMs = num(ENV.breakerTimeoutMs);
  if (breakerTimeoutMs !== undefined) {
    if (!(breakerTimeoutMs >= 1))
      throw new Error(`${ENV.breakerTimeoutMs} must be a number of ms from 1: ${breakerTimeoutMs}`);
    options.breaker = { timeoutMs: breakerTimeoutMs };
  }
  // Check now so a bad value stops start-up with the variable's name, not the option's.
  try {
    resolveOptions(options);
  } catch (e) {
    const option = /^(\w+) must/.exec((e as Error).message)?.[1] as keyof typeof ENV | undefined;
    const variable = option && option in ENV ? ENV[option] : 'PUBLIC_SECURITY_*';
    throw new Error(`${variable}: ${(e as Error).message}`);
  }
  return options;
}
