import DataLoader from 'dataloader';
import type CircuitBreaker from 'opossum';
import { createBreaker, type BreakerOptions } from './breaker';
import type { Cache } from './cache';
import { childTraceparent, type CallScope } from './call-scope';
import { BatchQueue, type FormingBatch } from './batch-queue';
import { ConcurrencyLimit, type ConcurrencyLimitOptions } from './concurrency-limit';
import { InFlight, SharedCall, type Slot } from './coalescing';
import { DATA_CLASS_TTL_MS, dataClassTtlMs, type DataClass } from './data-class';
import { DataLayerError, isClientSideError, isDataLayerError, isNotTheDepartmentsFault } from './errors';
import { lateTimer } from './late-timer';
import { metrics } from './metrics';
import { resolvePolicy, type CallPolicy, type PolicyOverrides } from './policy';
import type { StaleMark } from './staleness';
import { resilienceOf } from './resilience';

/** What an adapter needs from the request it serves. Build one per GraphQL request. */
export interface AdapterContext extends CallScope {
  /**
   * Per-request DataLoaders, one per operation: a request's keys are batched together, never
   * with another request's (only a key another request is fetching at that moment is shared).
   */
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
   * Where a load notes that what it returns was served stale: the subgraph kit gives each
   * resolver a context of its own with a list here, so a mark names the field that asked
   * (staleness-plugin.ts), while adapters stay ignorant of GraphQL.
   */
  readonly staleMarks?: StaleMark[];
  /**
   * Read from the legacy system, not the cache, and never serve stale: for reads a decision
   * is written on (a pre-check, an issued licence), where a record revoked a minute ago counts.
   * Nor does a fresh read join a call another request started before it (that call may have
   * left before the write it must see); others may join a fresh read's call.
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
   * key, in order. Its context is the call's (call-scope.ts): `signal` aborts when the call
   * timed out or the request ended, `traceparent` is the call's span; pass them on to the
   * protocol client (HttpUpstream's `scope`, TcpPool's signal).
   */
  batch: (keys: readonly K[], ctx: AdapterContext) => Promise<BatchResult<V>>;
  /** Largest batch the legacy system accepts (e.g. 50 for the SOAP batch operation). @default 100 (keys) */
  maxBatchSize?: number;
  /**
   * Batch across requests: at most this many calls run at once, and keys that come while they
   * all do wait and go out together in the next call (batch-queue.ts). For a system whose bulk
   * call costs about what a single one does. A number fixes it; `{initial, min, max}` lets it
   * follow the system's latency (concurrency-limit.ts: one more call while calls stay as fast as
   * the fastest lately and keys wait, one fewer when they slow down, half as many when one fails).
   * @default unset: every request's batch goes out at once
   */
  maxConcurrentCalls?: number | ConcurrencyLimitOptions;
  /** Cache key for a key; must be unique within the operation. @default String(key) */
  cacheKey?: (key: K) => string;
  /** Where records are cached (and served stale from when the system fails); no caching when absent. */
  cache?: Cache;
  /**
   * What kind of record this reads: sets how long it is cached (data-class.ts, e.g. `identity`
   * 1 h, `certificate` 1 min). `policy.cacheTtlMs`, the deprecated `cacheTtlMs` and the operator's
   * LEGACY_POLICY win over it. @default none: the policy's cacheTtlMs (60 s)
   */
  dataClass?: DataClass;
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

/** A copy of a record for one more request (plain data, as cached); errors and null are shared as they are. */
function ownCopy<V>(slot: Slot<V>): Slot<V> {
  if (slot === null || slot instanceof Error || typeof slot !== 'object') return slot;
  try {
    return structuredClone(slot);
  } catch {
    return slot; // not plain data (the adapter returns something a cache could not hold either)
  }
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
 * the keys it lacks, coalescing across requests: a key another request's call is fetching
 * right now is waited for, not sent again (coalescing.ts); the rest go out in one call: the
 * system's bulkhead, a circuit breaker, a timeout bounded by the request's deadline (the call
 * is aborted, not just abandoned), and jittered retries of transient failures within the
 * system's retry budget. When it all fails, a cached record within its maximum staleness is
 * served and marked, per request.
 */
export class LegacyOperation<K, V> {
  readonly department: string;
  readonly name: string;
  readonly policy: CallPolicy;
  readonly breaker: CircuitBreaker;
  /** Legacy batch calls made (attempts, retries included) and keys asked for; cache hits and stale serves. */
  readonly stats = { calls: 0, keys: 0, cacheHits: 0, staleServes: 0 };
  readonly dataClass: DataClass | undefined;
  /** The keys of this operation being fetched right now, by any request of this process. */
  private readonly inFlight = new InFlight<V>();
  /** Keys waiting for a call while maxConcurrentCalls run, when batching across requests. */
  private readonly queue: BatchQueue<K, AdapterContext> | undefined;
  private coalesced = 0;
  private readonly fire: (keys: readonly K[], ctx: AdapterContext) => Promise<BatchResult<V>>;
  private readonly cacheKey: (key: K) => string;
  private readonly labels: { department: string; operation: string };

  constructor(private readonly options: LegacyOperationOptions<K, V>) {
    const maxBatchSize = options.maxBatchSize ?? 100;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1)
      throw new TypeError(`maxBatchSize must be a positive integer: ${maxBatchSize}`);
    if (options.cacheTtlMs !== undefined && !(options.cacheTtlMs > 0))
      throw new TypeError(`cacheTtlMs must be a positive number: ${options.cacheTtlMs}`);
    if (options.dataClass !== undefined && !Object.hasOwn(DATA_CLASS_TTL_MS, options.dataClass))
      throw new TypeError(
        `dataClass must be one of ${Object.keys(DATA_CLASS_TTL_MS).join(', ')}: ${String(options.dataClass)}`,
      );
    this.department = options.department;
    this.name = options.name;
    this.dataClass = options.dataClass;
    this.labels = { department: this.department, operation: this.name };
    this.policy = resolvePolicy(this.department, this.name, {
      ...(options.dataClass ? { cacheTtlMs: dataClassTtlMs(options.dataClass) } : {}),
      ...legacyPolicy(options as LegacyOperationOptions<unknown, unknown>),
      ...options.policy,
    });
    this.cacheKey = options.cacheKey ?? ((k) => String(k));
    const calls = options.maxConcurrentCalls;
    if (calls !== undefined) {
      if (typeof calls === 'number' && (!Number.isInteger(calls) || calls < 1))
        throw new TypeError(`maxConcurrentCalls must be a positive integer: ${calls}`);
      const limit = new ConcurrencyLimit(
        typeof calls === 'number' ? { initial: calls, min: calls, max: calls } : calls,
      );
      this.queue = new BatchQueue(limit, maxBatchSize);
      metrics.concurrencyLimit.set(this.labels, limit.limit);
    }
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

  /** Keys a request did not send because another request's call was already fetching them. */
  get coalescedKeys(): number {
    return this.coalesced;
  }

  /** Keys being fetched right now (by every request of this process). */
  get inFlightKeys(): number {
    return this.inFlight.size;
  }

  /**
   * After a write that changes these records: a read that starts now, in `ctx`'s request
   * (its loader forgets them) or any other of this process (it will not join a call that
   * started before the write, and that call will not cache what it read), sees the write.
   * The shared cache is left alone: invalidate() drops that too.
   */
  forget(ctx: AdapterContext | undefined, keys: readonly K[]): void {
    const loader = ctx?.loaders.get(`${this.department}:${this.name}`);
    for (const k of keys) loader?.clear(k);
    this.inFlight.forget(keys.map((k) => this.fullCacheKey(k)));
  }

  /**
   * Drops cached records, e.g. after the service centre wrote something that changes them:
   * forget() and the shared cache. With Redis every process sees it at once; with the
   * in-process cache only this one (others serve their copy until its TTL).
   */
  async invalidate(keys: readonly K[], ctx?: AdapterContext): Promise<void> {
    this.forget(ctx, keys);
    await this.options.cache?.delete(keys.map((k) => this.fullCacheKey(k)));
  }

  private fullCacheKey(key: K): string {
    return `${this.department}:${this.name}:${this.cacheKey(key)}`;
  }

  /** Tells the resolver that asked (its context's staleMarks) that what it got is stale, and how stale. */
  private reportStale(ctx: AdapterContext, key: K): void {
    const s = ctx.stale?.get(this.fullCacheKey(key));
    if (s) ctx.staleMarks?.push({ ...this.labels, ageSeconds: Math.floor(s.ageMs / 1000), cause: s.cause });
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
    const { cacheTtlMs } = this.policy;
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
    const slots = await this.fetch(
      missing.map((i) => keys[i]!),
      ctx,
    );
    const failedSlots: number[] = [];
    missing.forEach((i, j) => {
      const r = slots[j]!;
      out[i] = r;
      if (r instanceof Error && !isClientSideError(r)) failedSlots.push(i);
    });
    // A failed key (the whole call, or its own slot) may be served stale, for this request alone.
    for (const i of failedSlots) this.failOrServeStale(out[i] as Error, [i], keys, out, staleCandidates, ctx);
    return out;
  }

  /**
   * The slots of the keys the cache lacked. A key another request's call is fetching right
   * now is joined (not by a fresh read: that call may have started before the write it must
   * see); the others go out in one call of this request's, which later requests may join.
   * This request waits only as long as it may (its abort, its deadline); the calls go on for
   * whoever else waits on them.
   */
  private async fetch(wanted: readonly K[], ctx: AdapterContext): Promise<Slot<V>[]> {
    const waits: Promise<Slot<V>>[] = new Array(wanted.length);
    const joined = new Map<number, SharedCall>();
    const calls = new Set<SharedCall>();
    const toSend: number[] = [];
    const join = this.policy.coalesce && !ctx.fresh;
    wanted.forEach((k, j) => {
      const entry = join ? this.inFlight.get(this.fullCacheKey(k)) : undefined;
      // An abandoned call (aborted, its answer an abort) is taken over by a new one, never joined.
      if (entry && !entry.call.abandoned) {
        waits[j] = entry.result;
        joined.set(j, entry.call);
        calls.add(entry.call);
      } else toSend.push(j);
    });
    if (joined.size) {
      this.coalesced += joined.size;
      metrics.coalescedKeys.inc(this.labels, joined.size);
    }
    if (toSend.length) {
      const { call, results } = this.startCall(
        toSend.map((j) => wanted[j]!),
        ctx,
      );
      toSend.forEach((j, n) => (waits[j] = results[n]!));
      calls.add(call);
    }
    const slots = await this.waitFor(waits, calls, ctx);
    // Each joiner gets its own copy, as from the cache: a resolver cannot change what another request reads.
    for (const j of joined.keys()) slots[j] = ownCopy(slots[j]!);
    // A joined call its starter's nearer deadline cut short: this request still has time, so it asks itself.
    const again = [...joined]
      .filter(([j, call]) => this.cutForItsStarter(slots[j]!, call, ctx))
      .map(([j]) => j);
    if (again.length) {
      const { call, results } = this.startCall(
        again.map((j) => wanted[j]!),
        ctx,
      );
      const retried = await this.waitFor(results, new Set([call]), ctx);
      again.forEach((j, n) => (slots[j] = retried[n]!));
    }
    return slots;
  }

  /** Did a joined call fail only because its starter's deadline, nearer than ours, cut it short? */
  private cutForItsStarter(slot: Slot<V>, call: SharedCall, ctx: AdapterContext): boolean {
    return (
      isDataLayerError(slot) &&
      slot.code === 'DEPARTMENT_TIMEOUT' &&
      call.boundByDeadline &&
      call.deadline !== undefined &&
      (ctx.deadline === undefined || ctx.deadline > call.deadline) &&
      !ctx.signal?.aborted
    );
  }

  /**
   * Starts one call for `keys`, registered as in flight before it begins. It carries the
   * starter's trace and deadline but its own abort signal (coalescing.ts: aborted when every
   * waiter gave up). When batching across requests and every call is busy, the keys join the
   * forming batch instead, which goes out when a call ends.
   */
  private startCall(
    keys: readonly K[],
    ctx: AdapterContext,
  ): { call: SharedCall; results: Promise<Slot<V>>[] } {
    let call: SharedCall;
    let results: Promise<Slot<V>>[];
    if (this.queue && !this.queue.hasRoom) {
      const { batch, offset } = this.queue.enqueue(keys, ctx, ctx.deadline);
      call = batch.call;
      results = keys.map((_, n) => batch.slots.then((slots) => slots[offset + n] as Slot<V>));
    } else {
      call = new SharedCall(ctx.deadline, this.boundByDeadline(ctx.deadline));
      this.queue?.started();
      const all = this.run(keys, ctx, call);
      results = keys.map((_, n) => all.then((slots) => slots[n]!));
    }
    keys.forEach((k, n) => this.inFlight.set(this.fullCacheKey(k), call, results[n]!));
    return { call, results };
  }

  /** Does `deadline`, not the policy's timeout, limit a call starting now? */
  private boundByDeadline(deadline: number | undefined): boolean {
    return deadline !== undefined && deadline - Date.now() - DEADLINE_MARGIN_MS < this.policy.timeoutMs;
  }

  /** Runs one call; when batching across requests, the next forming batch goes out as it ends. */
  private run(keys: readonly K[], ctx: AdapterContext, call: SharedCall): Promise<Slot<V>[]> {
    // callAndCache does not reject; were it to, every waiter must still get its answer.
    const all = this.callAndCache(keys, { ...ctx, signal: call.signal }, call).catch((e: unknown) =>
      keys.map(() => (e instanceof Error ? e : new Error(String(e)))),
    );
    const queue = this.queue;
    if (queue) void all.finally(() => queue.ended(this.sendFormed, this.dropFormed));
    return all;
  }

  /** A forming batch goes out, bound by the latest deadline of the requests in it. */
  private readonly sendFormed = (batch: FormingBatch<K, AdapterContext>): void => {
    batch.call.bind(batch.deadline, this.boundByDeadline(batch.deadline));
    const slots = this.run(batch.keys, { ...batch.context, deadline: batch.deadline }, batch.call);
    batch.begin(slots);
  };

  /** A forming batch every request gave up on before it went out: nobody reads it, it is not sent. */
  private readonly dropFormed = (batch: FormingBatch<K, AdapterContext>): void => {
    const gone = new DataLayerError(
      'DEPARTMENT_TIMEOUT',
      `${this.department} ${this.name}: every request waiting for this call ended first`,
      { department: this.department, callerBound: true },
    );
    batch.begin(Promise.resolve(batch.keys.map(() => gone)));
    for (const k of batch.keys) this.inFlight.release(this.fullCacheKey(k), batch.call);
  };

  /**
   * The call itself, once for every request waiting on it: one slot per key (a failed call
   * fails every slot), answered at once and cached; the keys leave the in-flight map when the
   * cache write has landed. Never rejects.
   */
  private async callAndCache(keys: readonly K[], ctx: AdapterContext, call: SharedCall): Promise<Slot<V>[]> {
    let slots: Slot<V>[];
    const started = performance.now();
    try {
      const results = await this.callWithRetries(keys, ctx);
      if (!Array.isArray(results) || results.length !== keys.length)
        throw new DataLayerError(
          'BAD_LEGACY_REPLY',
          `${this.department} ${this.name}: expected ${keys.length} results, got ${Array.isArray(results) ? results.length : typeof results}`,
          { department: this.department },
        );
      slots = [...results];
      this.adjustConcurrency({ latencyMs: performance.now() - started });
    } catch (e) {
      slots = keys.map(() => e as Error);
      this.adjustConcurrency({ error: e });
    }
    call.settle();
    const cache = this.options.cache;
    const at = Date.now();
    const toCache: { key: string; value: Cached<V> }[] = [];
    keys.forEach((k, n) => {
      const r = slots[n]!;
      const key = this.fullCacheKey(k);
      // Not a record a write made stale while the call ran (forget), nor one a fresher call took over.
      if (!(r instanceof Error) && this.inFlight.owns(key, call)) toCache.push({ key, value: { v: r, at } });
    });
    const release = () => {
      for (const k of keys) this.inFlight.release(this.fullCacheKey(k), call);
    };
    // Kept past their freshness for as long as they may be served stale. The waiters have their
    // answer now, not after a cache round trip; the keys stay in flight until the write lands, so a
    // request arriving between the answer and the write joins this call rather than calls again.
    if (cache && toCache.length)
      void cache
        .setMany(toCache, this.policy.cacheTtlMs + this.policy.staleIfErrorMs)
        .catch(() => undefined)
        .then(release);
    else release();
    return slots;
  }

  /**
   * Tells the concurrency limit, when batching across requests, how a call went: its latency, or
   * the error. Only the system's own failures count (not a request that ran out of time, not an
   * open breaker that sent nothing, not a caller's bad input).
   */
  private adjustConcurrency(outcome: { latencyMs: number } | { error: unknown }): void {
    const queue = this.queue;
    if (!queue) return;
    const limit = queue.concurrency;
    if ('latencyMs' in outcome) limit.succeeded(outcome.latencyMs, queue.queuedKeys > 0);
    else {
      // As the breaker judges it; an open breaker or a full bulkhead sent nothing at all.
      const e = outcome.error;
      const sentNothing = isDataLayerError(e) && (e.code === 'CIRCUIT_OPEN' || e.code === 'BULKHEAD_FULL');
      if (!isNotTheDepartmentsFault(e) && !sentNothing) limit.failed();
    }
    metrics.concurrencyLimit.set(this.labels, limit.limit);
  }

  /**
   * Waits for the slots, or until this request gives up: its signal aborts, or its deadline
   * (less the margin) comes before the end of a call bound by a later deadline (or none).
   * Slots still open then get this request's DEPARTMENT_TIMEOUT (caller-bound); the calls go
   * on for their other waiters, and one with none left is aborted.
   */
  private waitFor(
    waits: readonly Promise<Slot<V>>[],
    calls: ReadonlySet<SharedCall>,
    ctx: AdapterContext,
  ): Promise<Slot<V>[]> {
    const { department, name } = this;
    return new Promise((resolve) => {
      const slots: Slot<V>[] = new Array(waits.length);
      const got: boolean[] = new Array(waits.length).fill(false);
      let pending = waits.length;
      let over = false;
      let cancelTimer: (() => void) | undefined;
      const finish = (giveUp?: DataLayerError) => {
        if (over) return;
        over = true;
        cancelTimer?.();
        ctx.signal?.removeEventListener('abort', onAbort);
        if (giveUp) for (let j = 0; j < slots.length; j++) if (!got[j]) slots[j] = giveUp;
        for (const call of calls) call.leave();
        resolve(slots);
      };
      const onAbort = () =>
        finish(
          new DataLayerError('DEPARTMENT_TIMEOUT', `${department} ${name}: the request ended first`, {
            department,
            callerBound: true,
          }),
        );
      for (const call of calls) call.join();
      waits.forEach(
        (w, j) =>
          void w.then((slot) => {
            if (over) return;
            slots[j] = slot;
            got[j] = true;
            if (--pending === 0) finish();
          }),
      );
      if (ctx.signal?.aborted) return onAbort();
      ctx.signal?.addEventListener('abort', onAbort, { once: true });
      const deadline = ctx.deadline;
      if (
        deadline !== undefined &&
        [...calls].some((c) => c.deadline === undefined || c.deadline > deadline)
      ) {
        cancelTimer = lateTimer(Math.max(0, deadline - Date.now() - DEADLINE_MARGIN_MS), () =>
          finish(
            new DataLayerError(
              'DEPARTMENT_TIMEOUT',
              `${department} ${name}: no answer before the request's deadline (waiting for a call another request started)`,
              { department, callerBound: true },
            ),
          ),
        );
      }
    });
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
    const onRequestAbort = () => abort.abort(ctx.signal?.reason);
    // A request aborted before its call began: the protocol client must see it at once.
    if (ctx.signal?.aborted) abort.abort(ctx.signal.reason);
    else ctx.signal?.addEventListener('abort', onRequestAbort, { once: true });
    let cancelTimer: (() => void) | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // A lateTimer: an answer already in the socket when the loop was busy still wins.
      cancelTimer = lateTimer(budgetMs, () => {
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
      });
    });
    const endTimer = metrics.legacyDuration.startTimer(this.labels);
    try {
      const call = this.options.batch(keys, {
        ...ctx,
        signal: abort.signal,
        traceparent: childTraceparent(ctx.traceId),
      });
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
      cancelTimer?.();
      ctx.signal?.removeEventListener('abort', onRequestAbort);
    }
  }
}
