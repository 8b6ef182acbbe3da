import DataLoader from 'dataloader';
import type CircuitBreaker from 'opossum';
import { createBreaker, type BreakerOptions } from './breaker';
import type { Cache } from './cache';
import { childTraceparent, runInCallScope } from './call-scope';
import { DataLayerError, isDataLayerError } from './errors';
import { metrics } from './metrics';

/** What an adapter needs from the request it serves. Build one per GraphQL request. */
export interface AdapterContext {
  /** Per-request DataLoaders, one per operation, so batching never crosses requests. */
  readonly loaders: Map<string, DataLoader<unknown, unknown, string>>;
  /** W3C trace id, passed on to legacy calls where the protocol has a place for it. */
  readonly traceId?: string;
  /** Aborted when the GraphQL request is over; legacy calls stop with it. */
  readonly signal?: AbortSignal;
}

export function newAdapterContext(init: { traceId?: string; signal?: AbortSignal } = {}): AdapterContext {
  return { loaders: new Map(), ...init };
}

/** One slot per key: the value, `null` for "does not exist", or an Error for that key alone. */
export type BatchResult<V> = readonly (V | null | Error)[];

export interface LegacyOperationOptions<K, V> {
  /** Department code, e.g. `public-security`. */
  department: string;
  /** Operation name, unique within the department, e.g. `person.byId`. */
  name: string;
  /** Fetches many keys in as few legacy calls as the protocol allows. Must return one slot per key, in order. */
  batch: (keys: readonly K[], ctx: AdapterContext) => Promise<BatchResult<V>>;
  /** Largest batch the legacy system accepts (e.g. 50 for the SOAP batch operation). @default 100 (keys) */
  maxBatchSize?: number;
  /** Cache key for a key; must be unique within the operation. @default String(key) */
  cacheKey?: (key: K) => string;
  /** Where records are cached; no caching when absent. */
  cache?: Cache;
  /** How long a record is served from cache, in ms. @default 60_000 (60 s) */
  cacheTtlMs?: number;
  breaker?: BreakerOptions;
}

interface Cached<V> {
  v: V | null;
}

/**
 * One legacy read operation: per-request DataLoader batching, then the cache, then a
 * circuit breaker around the legacy batch call. Adapters define one per operation and
 * share it across requests; the per-request state lives in the AdapterContext.
 */
export class LegacyOperation<K, V> {
  readonly department: string;
  readonly name: string;
  readonly breaker: CircuitBreaker;
  private readonly fire: (keys: readonly K[], ctx: AdapterContext) => Promise<BatchResult<V>>;
  private readonly cacheKey: (key: K) => string;
  /** Legacy batch calls made and keys asked for since start (cache hits excluded). */
  readonly stats = { calls: 0, keys: 0, cacheHits: 0 };

  constructor(private readonly options: LegacyOperationOptions<K, V>) {
    const maxBatchSize = options.maxBatchSize ?? 100;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1)
      throw new TypeError(`maxBatchSize must be a positive integer: ${maxBatchSize}`);
    if (options.cacheTtlMs !== undefined && !(options.cacheTtlMs > 0))
      throw new TypeError(`cacheTtlMs must be a positive number: ${options.cacheTtlMs}`);
    this.department = options.department;
    this.name = options.name;
    this.cacheKey = options.cacheKey ?? ((k) => String(k));
    const { fire, breaker } = createBreaker(options.department, options.name, options.batch, options.breaker);
    this.fire = fire;
    this.breaker = breaker as unknown as CircuitBreaker;
    const labels = { department: this.department, operation: this.name };
    metrics.breakerState.set(labels, 0);
    const transition = (to: 'closed' | 'half-open' | 'open', value: number) => () => {
      metrics.breakerState.set(labels, value);
      metrics.breakerTransitions.inc({ ...labels, to });
    };
    breaker.on('close', transition('closed', 0));
    breaker.on('halfOpen', transition('half-open', 1));
    breaker.on('open', transition('open', 2));
  }

  /** Loads one key; `null` when the legacy system has no such record. */
  load(ctx: AdapterContext, key: K): Promise<V | null> {
    return this.loader(ctx).load(key) as Promise<V | null>;
  }

  /** Loads many keys in one batch; each slot is the value, null, or the Error for that key. */
  loadMany(ctx: AdapterContext, keys: readonly K[]): Promise<(V | null | Error)[]> {
    return this.loader(ctx).loadMany(keys) as Promise<(V | null | Error)[]>;
  }

  /** Drops cached records, e.g. after the service centre wrote something that changes them. */
  async invalidate(keys: readonly K[]): Promise<void> {
    await this.options.cache?.delete(keys.map((k) => this.fullCacheKey(k)));
  }

  private fullCacheKey(key: K): string {
    return `${this.department}:${this.name}:${this.cacheKey(key)}`;
  }

  private loader(ctx: AdapterContext): DataLoader<K, V | null, string> {
    const id = `${this.department}:${this.name}`;
    let loader = ctx.loaders.get(id) as DataLoader<K, V | null, string> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V | null, string>((keys) => this.loadBatch(keys, ctx), {
        maxBatchSize: this.options.maxBatchSize ?? 100,
        cacheKeyFn: this.cacheKey,
      });
      ctx.loaders.set(id, loader as DataLoader<unknown, unknown, string>);
    }
    return loader;
  }

  private async loadBatch(keys: readonly K[], ctx: AdapterContext): Promise<(V | null | Error)[]> {
    const cache = this.options.cache;
    const out: (V | null | Error)[] = new Array(keys.length);
    let missing: number[] = keys.map((_, i) => i);
    if (cache) {
      const hits = await cache.getMany<Cached<V>>(keys.map((k) => this.fullCacheKey(k))).catch(() => []);
      missing = [];
      keys.forEach((_, i) => {
        const hit = hits[i];
        if (hit) out[i] = hit.v;
        else missing.push(i);
      });
    }
    const labels = { department: this.department, operation: this.name };
    if (cache) {
      metrics.cacheLookups.inc({ ...labels, result: 'hit' }, keys.length - missing.length);
      metrics.cacheLookups.inc({ ...labels, result: 'miss' }, missing.length);
    }
    this.stats.cacheHits += keys.length - missing.length;
    if (missing.length === 0) return out;
    const wanted = missing.map((i) => keys[i]!);
    this.stats.calls++;
    this.stats.keys += wanted.length;
    let results: BatchResult<V>;
    const endTimer = metrics.legacyDuration.startTimer(labels);
    try {
      results = await runInCallScope({ traceparent: childTraceparent(ctx.traceId) }, () =>
        this.fire(wanted, ctx),
      );
      metrics.legacyCalls.inc({ ...labels, outcome: 'ok' });
    } catch (e) {
      metrics.legacyCalls.inc({ ...labels, outcome: isDataLayerError(e) ? e.code : 'INTERNAL' });
      for (const i of missing) out[i] = e as Error;
      return out;
    } finally {
      endTimer();
    }
    if (!Array.isArray(results) || results.length !== wanted.length) {
      const err = new DataLayerError(
        'BAD_LEGACY_REPLY',
        `${this.department} ${this.name}: expected ${wanted.length} results, got ${Array.isArray(results) ? results.length : typeof results}`,
        { department: this.department },
      );
      for (const i of missing) out[i] = err;
      return out;
    }
    const toCache: { key: string; value: Cached<V> }[] = [];
    missing.forEach((i, j) => {
      const r = results[j] as V | null | Error;
      out[i] = r;
      if (!(r instanceof Error)) toCache.push({ key: this.fullCacheKey(keys[i]!), value: { v: r } });
    });
    if (cache && toCache.length)
      await cache.setMany(toCache, this.options.cacheTtlMs ?? 60_000).catch(() => undefined);
    return out;
  }
}
