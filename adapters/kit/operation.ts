import DataLoader from 'dataloader';
import type CircuitBreaker from 'opossum';
import { createBreaker, type BreakerOptions } from './breaker';
import type { Cache } from './cache';
import { childTraceparent, runInCallScope } from './call-scope';
import { DataLayerError, isClientSideError, isDataLayerError } from './errors';
import { metrics } from './metrics';
import { resolvePolicy, type CallPolicy, type PolicyOverrides } from './policy';
import { noteStale } from './staleness';
import { resilienceOf } from './resilience';

/** What an adapter needs from the request it serves. Build one per GraphQL request. */
export interface AdapterContext {
  /** Per-request DataLoaders, one per operation, so batching never crosses requests. */
  readonly loaders: Map<string, DataLoader<unknown, unknown, string>>;
  /** W3C trace id, passed on to legacy calls where the protocol has a place for it. */
  readonly traceId?: string;
  /** Aborted when the GraphQL request is over; legacy calls stop with it. */
  readonly signal?: AbortSignal;
  /** When the GraphQL request must be answered (epoch ms): no legacy call outlives it. */
  readonly deadline?: number;
  /** Records served stale in this request, by cache key (filled by LegacyOperation). */
  readonly stale?: Map<string, { ageMs: number; cause: string }>;
  /**
   * Read from the legacy system, not the cache, and never serve stale: for reads a decision
   * is written on (a pre-check, an issued licence), where a record revoked a minute ago counts.
   */
  readonly fresh?: boolean;
}

export function newAdapterContext(
  init: { traceId?: string; signal?: AbortSignal; deadline?: number; fresh?: boolean } = {},
): AdapterContext {
  return { loaders: new Map(), stale: new Map(), ...init };
}

/** One slot per key: the value, `null` for "does not exist", or an Error for that key alone. */
export type BatchResult<V> = readonly (V | null | Error)[];

export interface LegacyOperationOptions<K, V> {
  /** Department code, e.g. `public-security`. */
  department: string;
  /** Operation name, unique within the department, e.g. `person.byId`. */
  name: string;
  /**
   * Fetches many keys in as few legacy calls as the protocol allows. Must return one slot per
   * key, in order. It runs with the call's abort signal and trace in scope (call-scope.ts),
   * which HttpUpstream and TcpPool pick up by themselves.
   */
  batch: (keys: readonly K[], ctx: AdapterContext) => Promise<BatchResult<V>>;
  /** Largest batch the legacy system accepts (e.g. 50 for the SOAP batch operation). @default 100 (keys) */
  maxBatchSize?: number;
  /** Cache key for a key; must be unique within the operation. @default String(key) */
  cacheKey?: (key: K) => string;
  /** Where records are cached (and served stale from when the system fails); no caching when absent. */
  cache?: Cache;
  /** The adapter's policy for this operation (see policy.ts); the operator's LEGACY_POLICY goes on top. */
  policy?: PolicyOverrides;
  /** @deprecated use `policy.cacheTtlMs` */
  cacheTtlMs?: number;
  /** @deprecated use `policy.timeoutMs` and `policy.breaker` */
  breaker?: BreakerOptions;
}

interface Cached<V> {
  v: V | null;
  /** When it was read from the legacy system (epoch ms). */
  at: number;
}

/**
 * Errors worth another attempt: a refused or reset connection, a server error, a short
 * Retry-After. Not a timeout: a system that hung once hangs again, and another wait would
 * spend the request's deadline and add load where it hurts most (the breaker deals with it).
 */
const RETRYABLE = new Set(['DEPARTMENT_UNAVAILABLE', 'RATE_LIMITED', 'IN_MAINTENANCE']);
/** Leave this much of the request's deadline for the subgraph and gateway to answer, in ms. */
const DEADLINE_MARGIN_MS = 25;

/** Every legacy operation of this process, by `department:name` (the latest of a name wins), for GET /ready. */
const registry = new Map<string, LegacyOperation<unknown, unknown>>();

export type BreakerState = 'closed' | 'open' | 'half-open';

/** The breaker state of every legacy operation in this process, by department and operation. */
export function breakerStates(): Record<string, Record<string, BreakerState>> {
  const out: Record<string, Record<string, BreakerState>> = {};
  for (const op of registry.values()) {
    const b = op.breaker;
    (out[op.department] ??= {})[op.name] = b.opened ? 'open' : b.halfOpen ? 'half-open' : 'closed';
  }
  return out;
}

/** The cache is on the hot path too: a hung Redis must not hold a request past its deadline (it then counts as a miss). */
function withinDeadline<T>(p: Promise<T>, deadline: number | undefined): Promise<T> {
  if (deadline === undefined) return p;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('cache did not answer before the deadline')),
      Math.max(0, deadline - Date.now()),
    );
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** The older option names, mapped onto a policy. */
function legacyPolicy(o: LegacyOperationOptions<unknown, unknown>): PolicyOverrides | undefined {
  if (!o.breaker && o.cacheTtlMs === undefined) return undefined;
  const { timeoutMs, ...breaker } = o.breaker ?? {};
  return {
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(Object.keys(breaker).length ? { breaker } : {}),
    ...(o.cacheTtlMs !== undefined ? { cacheTtlMs: o.cacheTtlMs } : {}),
  };
}

/**
 * One legacy read operation. Per request: DataLoader batching. Then the cache. Then, for
 * the keys it lacks: the system's bulkhead, a circuit breaker, a timeout bounded by the
 * request's deadline (the call is aborted, not just abandoned), and jittered retries of
 * transient failures within the system's retry budget. When it all fails, a cached record
 * within its maximum staleness is served and marked.
 */
export class LegacyOperation<K, V> {
  readonly department: string;
  readonly name: string;
  readonly policy: CallPolicy;
  readonly breaker: CircuitBreaker;
  /** Legacy batch calls made (attempts, retries included) and keys asked for; cache hits and stale serves. */
  readonly stats = { calls: 0, keys: 0, cacheHits: 0, staleServes: 0 };
  private readonly fire: (keys: readonly K[], ctx: AdapterContext) => Promise<BatchResult<V>>;
  private readonly cacheKey: (key: K) => string;
  private readonly labels: { department: string; operation: string };

  constructor(private readonly options: LegacyOperationOptions<K, V>) {
    const maxBatchSize = options.maxBatchSize ?? 100;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1)
      throw new TypeError(`maxBatchSize must be a positive integer: ${maxBatchSize}`);
    if (options.cacheTtlMs !== undefined && !(options.cacheTtlMs > 0))
      throw new TypeError(`cacheTtlMs must be a positive number: ${options.cacheTtlMs}`);
    this.department = options.department;
    this.name = options.name;
    this.labels = { department: this.department, operation: this.name };
    this.policy = resolvePolicy(this.department, this.name, {
      ...legacyPolicy(options as LegacyOperationOptions<unknown, unknown>),
      ...options.policy,
    });
    this.cacheKey = options.cacheKey ?? ((k) => String(k));
    // The breaker does not time calls itself: timed() does, per call, against the request's deadline.
    const { fire, breaker } = createBreaker(
      this.department,
      this.name,
      (keys: readonly K[], ctx: AdapterContext) => this.timed(keys, ctx),
      {
        ...this.policy.breaker,
        timeoutMs: 0,
      },
    );
    this.fire = fire;
    this.breaker = breaker as unknown as CircuitBreaker;
    const labels = this.labels;
    metrics.breakerState.set(labels, 0);
    const transition = (to: 'closed' | 'half-open' | 'open', value: number) => () => {
      metrics.breakerState.set(labels, value);
      metrics.breakerTransitions.inc({ ...labels, to });
    };
    breaker.on('close', transition('closed', 0));
    breaker.on('halfOpen', transition('half-open', 1));
    breaker.on('open', transition('open', 2));
    registry.set(`${this.department}:${this.name}`, this as unknown as LegacyOperation<unknown, unknown>);
  }

  /** Loads one key; `null` when the legacy system has no such record. */
  async load(ctx: AdapterContext, key: K): Promise<V | null> {
    const value = (await this.loader(ctx).load(key)) as V | null;
    this.reportStale(ctx, key);
    return value;
  }

  /** Loads many keys in one batch; each slot is the value, null, or the Error for that key. */
  async loadMany(ctx: AdapterContext, keys: readonly K[]): Promise<(V | null | Error)[]> {
    const values = (await this.loader(ctx).loadMany(keys)) as (V | null | Error)[];
    for (const k of keys) this.reportStale(ctx, k);
    return values;
  }

  /** Drops cached records, e.g. after the service centre wrote something that changes them. */
  async invalidate(keys: readonly K[]): Promise<void> {
    await this.options.cache?.delete(keys.map((k) => this.fullCacheKey(k)));
  }

  private fullCacheKey(key: K): string {
    return `${this.department}:${this.name}:${this.cacheKey(key)}`;
  }

  /** Tells the resolver that asked (through staleness.ts) that what it got is stale, and how stale. */
  private reportStale(ctx: AdapterContext, key: K): void {
    const s = ctx.stale?.get(this.fullCacheKey(key));
    if (s) noteStale({ ...this.labels, ageSeconds: Math.floor(s.ageMs / 1000), cause: s.cause });
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
    const { cacheTtlMs, staleIfErrorMs } = this.policy;
    const now = Date.now();
    const out: (V | null | Error)[] = new Array(keys.length);
    const staleCandidates: (Cached<V> | undefined)[] = new Array(keys.length);
    let missing: number[] = keys.map((_, i) => i);
    if (cache && !ctx.fresh) {
      const hits = await withinDeadline(
        cache.getMany<Cached<V>>(keys.map((k) => this.fullCacheKey(k))),
        ctx.deadline,
      ).catch(() => []);
      missing = [];
      keys.forEach((_, i) => {
        const hit = hits[i];
        if (hit && now - (hit.at ?? now) <= cacheTtlMs) out[i] = hit.v;
        else {
          if (hit) staleCandidates[i] = hit;
          missing.push(i);
        }
      });
      metrics.cacheLookups.inc({ ...this.labels, result: 'hit' }, keys.length - missing.length);
      metrics.cacheLookups.inc({ ...this.labels, result: 'miss' }, missing.length);
    }
    this.stats.cacheHits += keys.length - missing.length;
    if (missing.length === 0) return out;
    const wanted = missing.map((i) => keys[i]!);
    let results: BatchResult<V>;
    try {
      results = await this.callWithRetries(wanted, ctx);
    } catch (e) {
      return this.failOrServeStale(e as Error, missing, keys, out, staleCandidates, ctx);
    }
    if (!Array.isArray(results) || results.length !== wanted.length) {
      const err = new DataLayerError(
        'BAD_LEGACY_REPLY',
        `${this.department} ${this.name}: expected ${wanted.length} results, got ${Array.isArray(results) ? results.length : typeof results}`,
        { department: this.department },
      );
      return this.failOrServeStale(err, missing, keys, out, staleCandidates, ctx);
    }
    const toCache: { key: string; value: Cached<V> }[] = [];
    const at = Date.now();
    const failedSlots: number[] = [];
    missing.forEach((i, j) => {
      const r = results[j] as V | null | Error;
      out[i] = r;
      if (!(r instanceof Error)) toCache.push({ key: this.fullCacheKey(keys[i]!), value: { v: r, at } });
      else if (!isClientSideError(r)) failedSlots.push(i);
    });
    // A key the legacy system failed for on its own (its slot holds the error) may be served stale like a failed call.
    for (const i of failedSlots) this.failOrServeStale(out[i] as Error, [i], keys, out, staleCandidates, ctx);
    // Kept past their freshness for as long as they may be served stale.
    if (cache && toCache.length)
      await cache.setMany(toCache, cacheTtlMs + staleIfErrorMs).catch(() => undefined);
    return out;
  }

  /** The failure for every key asked for, except those with a cached record young enough to serve stale. */
  private failOrServeStale(
    error: Error,
    missing: number[],
    keys: readonly K[],
    out: (V | null | Error)[],
    staleCandidates: (Cached<V> | undefined)[],
    ctx: AdapterContext,
  ): (V | null | Error)[] {
    const limit = this.policy.cacheTtlMs + this.policy.staleIfErrorMs;
    const cause = isDataLayerError(error) ? error.code : 'INTERNAL';
    const now = Date.now();
    for (const i of missing) {
      const stale = staleCandidates[i];
      const ageMs = stale ? now - stale.at : Infinity;
      if (stale && !ctx.fresh && !isClientSideError(error) && ageMs <= limit) {
        out[i] = stale.v;
        ctx.stale?.set(this.fullCacheKey(keys[i]!), { ageMs, cause });
        this.stats.staleServes++;
        metrics.staleServes.inc(this.labels);
      } else out[i] = error;
    }
    return out;
  }

  /** Bulkhead, breaker and retries around one batch call. */
  private async callWithRetries(keys: readonly K[], ctx: AdapterContext): Promise<BatchResult<V>> {
    const { bulkhead, budget } = resilienceOf(this.department, this.policy);
    const retry = this.policy.retry;
    budget.recordAttempt();
    for (let attempt = 0; ; attempt++) {
      try {
        // Checked outside the breaker: a request that arrives too late says nothing about the system.
        return await bulkhead.run(() => {
          this.timeLeft(ctx);
          return this.fire(keys, ctx);
        }, ctx.deadline);
      } catch (e) {
        if (isDataLayerError(e) && e.code === 'BULKHEAD_FULL')
          metrics.bulkheadRejections.inc({ department: this.department });
        const delay = attempt < retry.attempts ? this.retryDelay(e, attempt, ctx.deadline) : undefined;
        if (delay === undefined || !budget.tryRetry()) throw e;
        metrics.retries.inc(this.labels);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** How long to wait before the next attempt, or undefined when it is not worth one. */
  private retryDelay(e: unknown, attempt: number, deadline: number | undefined): number | undefined {
    if (!isDataLayerError(e) || !RETRYABLE.has(e.code)) return undefined;
    const { baseDelayMs, maxDelayMs } = this.policy.retry;
    // Honour Retry-After (429, 503) when it is short enough to wait for; otherwise give up now.
    const delay =
      e.retryAfter !== undefined
        ? e.retryAfter * 1000
        : Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
    if (delay > maxDelayMs) return undefined;
    if (deadline !== undefined && Date.now() + delay + DEADLINE_MARGIN_MS >= deadline) return undefined;
    return delay;
  }

  /** The time one call may take: min(policy timeout, what the request's deadline leaves); none left fails at once. */
  private timeLeft(ctx: AdapterContext): number {
    const budgetMs = Math.min(
      this.policy.timeoutMs,
      ctx.deadline !== undefined ? ctx.deadline - Date.now() - DEADLINE_MARGIN_MS : Infinity,
    );
    if (budgetMs <= 0) {
      metrics.legacyCalls.inc({ ...this.labels, outcome: 'DEPARTMENT_TIMEOUT' });
      throw new DataLayerError(
        'DEPARTMENT_TIMEOUT',
        `${this.department} ${this.name}: no time left before the request's deadline`,
        { department: this.department, callerBound: true },
      );
    }
    return budgetMs;
  }

  /**
   * One attempt: times it against min(policy timeout, the request's deadline), aborts the
   * protocol call on timeout (sockets are not left to finish on their own) and counts it.
   */
  private async timed(keys: readonly K[], ctx: AdapterContext): Promise<BatchResult<V>> {
    const budgetMs = this.timeLeft(ctx);
    this.stats.calls++;
    this.stats.keys += keys.length;
    const abort = new AbortController();
    const onRequestAbort = () => abort.abort();
    // A request aborted before its call began: the protocol client must see it at once.
    if (ctx.signal?.aborted) abort.abort();
    else ctx.signal?.addEventListener('abort', onRequestAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Rejected before aborting: a client that fails synchronously on abort (TcpPool does)
        // must not win the race with an error of its own, perhaps a retryable one.
        reject(
          new DataLayerError(
            'DEPARTMENT_TIMEOUT',
            `${this.department} ${this.name}: no answer within ${Math.round(budgetMs)} ms`,
            // Cut short by the request's deadline before the call had slowCallMs: the caller was late, not
            // the department slow. Past slowCallMs without an answer, the department is slow: it counts.
            {
              department: this.department,
              callerBound: budgetMs < this.policy.timeoutMs && budgetMs < this.policy.breaker.slowCallMs,
            },
          ),
        );
        abort.abort();
      }, budgetMs);
    });
    const endTimer = metrics.legacyDuration.startTimer(this.labels);
    try {
      const call = runInCallScope({ traceparent: childTraceparent(ctx.traceId), signal: abort.signal }, () =>
        this.options.batch(keys, ctx),
      );
      const result = await Promise.race([call, timeout]);
      metrics.legacyCalls.inc({ ...this.labels, outcome: 'ok' });
      return result;
    } catch (e) {
      metrics.legacyCalls.inc({ ...this.labels, outcome: isDataLayerError(e) ? e.code : 'INTERNAL' });
      // The client hung up (or the gateway gave up on this subgraph): whatever the protocol
      // client made of the abort, it is not the department's failure.
      if (ctx.signal?.aborted && !(isDataLayerError(e) && e.callerBound))
        throw new DataLayerError(
          'DEPARTMENT_TIMEOUT',
          `${this.department} ${this.name}: the request ended first`,
          {
            department: this.department,
            callerBound: true,
            cause: e,
          },
        );
      throw e;
    } finally {
      endTimer();
      clearTimeout(timer);
      ctx.signal?.removeEventListener('abort', onRequestAbort);
    }
  }
}
