import type { BreakerOptions } from '../kit/breaker';
import type { Cache } from '../kit/cache';

export interface HumanResourcesAdapterOptions {
  /** Origin of the HR bulk query service. @default 'http://127.0.0.1:5106' */
  url?: string;
  /**
   * Time for one bulk query to answer, in ms (headers, body gaps and the breaker's call timeout).
   * The system takes ~200 ms for one id and seconds for a full batch of 500, so this is longer
   * than the kit's 3 s default. @default 10_000 (10 s)
   */
  timeoutMs?: number;
  /** Time to establish a TCP connection, in ms. @default 2_000 (2 s) */
  connectTimeoutMs?: number;
  /**
   * Bulk queries at once to begin with, and the fewest the adapter ever runs; it is a small
   * servlet container. @default 8
   */
  connections?: number;
  /**
   * Most bulk queries at once (and keep-alive connections): while queries come back as fast as
   * the fastest lately and ids wait for one, the adapter runs one more, up to this; slower answers
   * take it back towards `connections` one at a time, failures by half (kit/concurrency-limit.ts). Set it to
   * `connections` for a fixed number. Never fewer than `connections`. @default 32
   */
  maxConnections?: number;
  /** Ids sent in one bulk query; the system refuses more than 500. @default 500 (ids) */
  maxBatchSize?: number;
  /**
   * How long a record is served from the cache, in ms (1 to 86_400_000); set, it overrides the
   * `social-security` data class (kit/data-class.ts, CACHE_TTL_MS_BY_DATA_CLASS).
   * @default unset: the class's TTL, 600_000 (10 min; contributions post monthly)
   */
  cacheTtlMs?: number;
  /** Where records are cached; none when absent. */
  cache?: Cache;
  /** Circuit breaker tuning; its `timeoutMs` defaults to `timeoutMs` above. */
  breaker?: BreakerOptions;
}

export const HUMAN_RESOURCES_DEFAULTS = {
  url: 'http://127.0.0.1:5106',
  timeoutMs: 10_000, // 10 s
  connectTimeoutMs: 2_000, // 2 s
  connections: 8,
  maxConnections: 32,
  maxBatchSize: 500, // ids, the legacy cap
  // No cacheTtlMs: unless set, the `social-security` data class's TTL applies (10 min).
};

/** The legacy system answers 413 above this many ids in one query. */
export const LEGACY_MAX_IDS = 500;

/** Every option filled in, except `cacheTtlMs`: unset, it stays undefined so the data class decides. */
export type ResolvedHumanResourcesOptions = typeof HUMAN_RESOURCES_DEFAULTS &
  Pick<HumanResourcesAdapterOptions, 'cache' | 'breaker' | 'cacheTtlMs'>;

function integer(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max)
    throw new TypeError(`${name} must be a whole number from ${min} to ${max}: ${v}`);
  return v;
}

/** Applies the defaults and checks every option once, naming the option and the value. */
export function resolveOptions(options: HumanResourcesAdapterOptions = {}): ResolvedHumanResourcesOptions {
  if ('batchSize' in options) throw new TypeError('batchSize was renamed maxBatchSize');
  const o = { ...HUMAN_RESOURCES_DEFAULTS, ...stripUndefined(options) };
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    throw new TypeError(`url must be an absolute http(s) URL: ${o.url}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`url must be an absolute http(s) URL: ${o.url}`);
  integer('timeoutMs', o.timeoutMs, 1, 600_000);
  integer('connectTimeoutMs', o.connectTimeoutMs, 1, 600_000);
  integer('connections', o.connections, 1, 1_000);
  integer('maxConnections', o.maxConnections, 1, 1_000);
  if (o.maxConnections < o.connections)
    throw new TypeError(
      `maxConnections must be at least connections (${o.connections}): ${o.maxConnections}`,
    );
  integer('maxBatchSize', o.maxBatchSize, 1, LEGACY_MAX_IDS);
  if (o.cacheTtlMs !== undefined) integer('cacheTtlMs', o.cacheTtlMs, 1, 86_400_000); // unset: the data class's TTL
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Options from the environment: HUMAN_RESOURCES_URL, HUMAN_RESOURCES_TIMEOUT_MS,
 * HUMAN_RESOURCES_CONNECTIONS, HUMAN_RESOURCES_MAX_CONNECTIONS, HUMAN_RESOURCES_BATCH_SIZE, HUMAN_RESOURCES_CACHE_TTL_MS.
 * A bad value stops start-up naming the variable.
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): HumanResourcesAdapterOptions {
  const num = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number: ${raw}`);
    return n;
  };
  const options: HumanResourcesAdapterOptions = {
    url: env.HUMAN_RESOURCES_URL || undefined,
    timeoutMs: num('HUMAN_RESOURCES_TIMEOUT_MS'),
    connections: num('HUMAN_RESOURCES_CONNECTIONS'),
    maxConnections: num('HUMAN_RESOURCES_MAX_CONNECTIONS'),
    maxBatchSize: num('HUMAN_RESOURCES_BATCH_SIZE'),
    cacheTtlMs: num('HUMAN_RESOURCES_CACHE_TTL_MS'),
  };
  try {
    resolveOptions(options);
  } catch (e) {
    const variable = {
      url: 'HUMAN_RESOURCES_URL',
      timeoutMs: 'HUMAN_RESOURCES_TIMEOUT_MS',
      connections: 'HUMAN_RESOURCES_CONNECTIONS',
      maxConnections: 'HUMAN_RESOURCES_MAX_CONNECTIONS',
      maxBatchSize: 'HUMAN_RESOURCES_BATCH_SIZE',
      cacheTtlMs: 'HUMAN_RESOURCES_CACHE_TTL_MS',
    }[(e as Error).message.split(' ')[0] as string];
    throw new Error(variable ? `${variable}: ${(e as Error).message}` : (e as Error).message);
  }
  return options;
}
