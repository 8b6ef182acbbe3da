import { MemoryCache } from './cache';
import { DataLayerError } from './errors';
import { registry } from './metrics';
import { LegacyOperation, newAdapterContext, type AdapterContext } from './operation';
import type { PolicyOverrides } from './policy';
import { resilienceOf } from './resilience';
import type { StaleMark } from './staleness';

const START = 1_700_000_000_000;
let serial = 0;

/**
 * An operation over a legacy system that holds every call until the test answers it
 * (`answer(n)`, `fail(n)`), so other requests can arrive while it is in flight. A call
 * whose signal aborts fails at once, as a protocol client that destroys its socket does.
 * Records the keys of each call and whether its signal was aborted.
 */
function held(
  options: {
    policy?: PolicyOverrides;
    cache?: MemoryCache;
    slowAbort?: boolean;
    maxConcurrentCalls?: number | { initial: number; min?: number; max: number };
  } = {},
) {
  const department = `coalesce-${++serial}`;
  const calls: string[][] = [];
  const signals: (AbortSignal | undefined)[] = [];
  const pending: { resolve: (v: (string | null)[]) => void; reject: (e: Error) => void; keys: string[] }[] =
    [];
  const op = new LegacyOperation<string, string>({
    department,
    name: 'person.byId',
    cache: options.cache,
    maxConcurrentCalls: options.maxConcurrentCalls,
    policy: {
      retry: { attempts: 0 },
      breaker: { volumeThreshold: 1_000 },
      cacheTtlMs: 1_000,
      staleIfErrorMs: 10_000,
      ...options.policy,
    },
    batch: (keys, { signal }) => {
      calls.push([...keys]);
      signals.push(signal);
      return new Promise((resolve, reject) => {
        pending.push({ resolve, reject, keys: [...keys] });
        const fail = () => reject(new DataLayerError('DEPARTMENT_UNAVAILABLE', 'socket destroyed'));
        // A real client fails on abort a little later, once its socket is torn down.
        const onAbort = () => (options.slowAbort ? setTimeout(fail, 20) : fail());
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  });
  return {
    op,
    department,
    calls,
    signals,
    /** Answers call `n` (0-based) with `KEY<suffix>` for each key. */
    answer: (n: number, suffix = '') =>
      pending[n]!.resolve(pending[n]!.keys.map((k) => k.toUpperCase() + suffix)),
    fail: (n: number, code: 'DEPARTMENT_UNAVAILABLE' | 'INVALID_ARGUMENT' = 'DEPARTMENT_UNAVAILABLE') =>
      pending[n]!.reject(new DataLayerError(code, `legacy failed ${code}`, { department })),
  };
}

/** Lets DataLoader's nextTick batches, the cache and the calls' starts run. */
const settle = () => new Promise((r) => setImmediate(r));

const outcome = <T>(p: Promise<T>): Promise<T | Error> =>
  p.then(
    (v) => v,
    (e: Error) => e,
  );

async function coalescedMetric(department: string): Promise<number | undefined> {
  const metric = await registry.getSingleMetric('owdl_legacy_coalesced_keys_total')!.get();
  return metric.values.find((v) => v.labels.department === department)?.value;
}

describe('LegacyOperation coalescing across requests', () => {
  it('makes one legacy call for 50 requests asking for the same 3 people at once', async () => {
    const l = held({ cache: new MemoryCache() });
    const requests = Array.from({ length: 50 }, () => l.op.loadMany(newAdapterContext(), ['p1', 'p2', 'p3']));
    await settle();
    expect(l.calls).toEqual([['p1', 'p2', 'p3']]);
    expect(l.op.inFlightKeys).toBe(3);
    l.answer(0);
    const results = await Promise.all(requests);
    expect(new Set(results.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify(['P1', 'P2', 'P3'])]),
    );
    expect(l.op.stats).toEqual({ calls: 1, keys: 3, cacheHits: 0, staleServes: 0 });
    expect(l.op.coalescedKeys).toBe(49 * 3);
    expect(await coalescedMetric(l.department)).toBe(147);
    expect(l.op.inFlightKeys).toBe(0);
    // Cached once, for everyone: the next request makes no call.
    expect(await l.op.loadMany(newAdapterContext(), ['p1', 'p2', 'p3'])).toEqual(['P1', 'P2', 'P3']);
    expect(l.calls).toHaveLength(1);
  });

  it('hands each request that joined a call its own copy of the record', async () => {
    const op = new LegacyOperation<string, { tags: string[] }>({
      department: `coalesce-${++serial}`,
      name: 'thing.byId',
      batch: (keys) => new Promise((r) => setImmediate(() => r(keys.map(() => ({ tags: ['a'] }))))),
    });
    const [first, second] = await Promise.all([
      op.load(newAdapterContext(), 'x'),
      op.load(newAdapterContext(), 'x'),
    ]);
    first!.tags.push('changed by the first request');
    expect(second).toEqual({ tags: ['a'] });
    expect(op.coalescedKeys).toBe(1);
  });

  it('sends only the keys nobody is fetching when requests overlap', async () => {
    const l = held();
    const a = l.op.loadMany(newAdapterContext(), ['a', 'b', 'c']);
    await settle();
    const b = l.op.loadMany(newAdapterContext(), ['b', 'c', 'd', 'e']);
    await settle();
    const c = l.op.loadMany(newAdapterContext(), ['a', 'e', 'f']);
    const d = l.op.loadMany(newAdapterContext(), ['f', 'g']);
    await settle();
    expect(l.calls).toEqual([['a', 'b', 'c'], ['d', 'e'], ['f'], ['g']]);
    l.answer(3);
    l.answer(2);
    l.answer(1);
    l.answer(0);
    expect(await Promise.all([a, b, c, d])).toEqual([
      ['A', 'B', 'C'],
      ['B', 'C', 'D', 'E'],
      ['A', 'E', 'F'],
      ['F', 'G'],
    ]);
    expect(l.op.coalescedKeys).toBe(2 + 2 + 1); // b,c for b; a,e for c; f for d
    expect(l.op.stats.calls).toBe(4);
    expect(l.op.stats.keys).toBe(7);
  });

  it('lets a request that gives up stop waiting without aborting the call for the others', async () => {
    const l = held();
    const starter = new AbortController();
    const first = outcome(l.op.load(newAdapterContext({ signal: starter.signal }), 'a'));
    await settle();
    const second = l.op.load(newAdapterContext(), 'a');
    await settle();
    starter.abort();
    expect(await first).toMatchObject({
      code: 'DEPARTMENT_TIMEOUT',
      callerBound: true,
      message: `${l.department} person.byId: the request ended first`,
    });
    expect(l.signals[0]?.aborted).toBe(false);
    l.answer(0);
    expect(await second).toBe('A');
    expect(l.calls).toEqual([['a']]);
    expect(l.op.breaker.stats.failures).toBe(0);
  });

  it('aborts the shared call once every request waiting on it has given up, without blaming the department', async () => {
    const l = held();
    const requests = [new AbortController(), new AbortController(), new AbortController()];
    const results = requests.map((r) => outcome(l.op.load(newAdapterContext({ signal: r.signal }), 'a')));
    await settle();
    requests[0]!.abort();
    requests[1]!.abort();
    expect(l.signals[0]?.aborted).toBe(false);
    requests[2]!.abort();
    expect(l.signals[0]?.aborted).toBe(true);
    for (const r of await Promise.all(results))
      expect(r).toMatchObject({ code: 'DEPARTMENT_TIMEOUT', callerBound: true });
    await settle();
    expect(l.op.breaker.stats.failures).toBe(0);
    expect(l.op.inFlightKeys).toBe(0);
    // Nothing left in flight: the next request calls anew.
    const next = l.op.load(newAdapterContext(), 'a');
    await settle();
    l.answer(1);
    expect(await next).toBe('A');
    expect(l.calls).toEqual([['a'], ['a']]);
  });

  it('counts the real legacy call once against the breaker and the bulkhead', async () => {
    const l = held({
      policy: { breaker: { volumeThreshold: 1_000 }, bulkhead: { maxConcurrent: 1, maxQueue: 0 } },
    });
    const { bulkhead } = resilienceOf(l.department, l.op.policy);
    const requests = Array.from({ length: 10 }, () => outcome(l.op.load(newAdapterContext(), 'a')));
    await settle();
    // Ten requests, one slot, no queue: without coalescing nine would fail BULKHEAD_FULL.
    expect([bulkhead.inFlight, bulkhead.queued, bulkhead.rejected]).toEqual([1, 0, 0]);
    l.fail(0);
    for (const r of await Promise.all(requests)) expect(r).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE' });
    expect(l.op.breaker.stats.fires).toBe(1);
    expect(l.op.breaker.stats.failures).toBe(1);
    expect(l.op.stats.calls).toBe(1);
    expect(bulkhead.inFlight).toBe(0);
  });

  it('serves stale per request when the shared call fails: each request gets its own mark', async () => {
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    try {
      const l = held({ cache: new MemoryCache() });
      const warm = l.op.load(newAdapterContext(), 'a');
      await settle();
      l.answer(0, '@0');
      expect(await warm).toBe('A@0');
      jest.setSystemTime(START + 3_000); // past cacheTtlMs (1 s), within staleIfErrorMs (10 s)
      // Each request's resolver notes its own marks (its context's staleMarks).
      const resolvers = Array.from({ length: 3 }, async () => {
        const marks: StaleMark[] = [];
        const value = await outcome(l.op.load({ ...newAdapterContext(), staleMarks: marks }, 'a'));
        return { value, marks };
      });
      await settle();
      // A fresh read made while that call runs makes its own, and never serves stale.
      const fresh = outcome(l.op.load(newAdapterContext({ fresh: true }), 'a'));
      await settle();
      expect(l.calls).toEqual([['a'], ['a'], ['a']]);
      l.fail(1);
      l.fail(2);
      const mark = {
        department: l.department,
        operation: 'person.byId',
        ageSeconds: 3,
        cause: 'DEPARTMENT_UNAVAILABLE',
      };
      expect(await Promise.all(resolvers)).toEqual([
        { value: 'A@0', marks: [mark] },
        { value: 'A@0', marks: [mark] },
        { value: 'A@0', marks: [mark] },
      ]);
      expect(await fresh).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE' });
      expect(l.op.stats).toEqual({ calls: 3, keys: 3, cacheHits: 0, staleServes: 3 });
      expect(l.op.coalescedKeys).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('never lets a fresh read join a call that started before it; later reads join the fresh one', async () => {
    const l = held({ cache: new MemoryCache() });
    const before = l.op.load(newAdapterContext(), 'a');
    await settle();
    const fresh = l.op.load(newAdapterContext({ fresh: true }), 'a');
    await settle();
    const after = l.op.load(newAdapterContext(), 'a');
    await settle();
    const secondFresh = l.op.load(newAdapterContext({ fresh: true }), 'a');
    await settle();
    expect(l.calls).toEqual([['a'], ['a'], ['a']]);
    l.answer(1, '-new');
    l.answer(2, '-newest');
    expect(await Promise.all([fresh, after, secondFresh])).toEqual(['A-new', 'A-new', 'A-newest']);
    // The older call answers last: its caller gets it, the cache keeps the newer record.
    l.answer(0, '-old');
    expect(await before).toBe('A-old');
    expect(await l.op.load(newAdapterContext(), 'a')).toBe('A-newest');
    expect(l.calls).toHaveLength(3);
    expect(l.op.coalescedKeys).toBe(1);
  });

  it('does not let a read after a write join a call from before it, nor that call cache what it read', async () => {
    const l = held({ cache: new MemoryCache() });
    const before = l.op.load(newAdapterContext(), 'a');
    await settle();
    await l.op.invalidate(['a']); // what the service centre does after writing
    const after = l.op.load(newAdapterContext(), 'a');
    await settle();
    expect(l.calls).toEqual([['a'], ['a']]);
    l.answer(1, '-v2');
    expect(await after).toBe('A-v2');
    l.answer(0, '-v1');
    expect(await before).toBe('A-v1');
    expect(await l.op.load(newAdapterContext(), 'a')).toBe('A-v2');
    expect(l.calls).toHaveLength(2);
    expect(l.op.coalescedKeys).toBe(0);
  });

  it('forgets in-flight calls and the request loader for forget(ctx, keys), leaving the cache alone', async () => {
    const l = held({ cache: new MemoryCache() });
    const ctx: AdapterContext = newAdapterContext();
    const first = l.op.load(ctx, 'a');
    await settle();
    l.answer(0, '-v1');
    expect(await first).toBe('A-v1');
    const inFlight = l.op.load(newAdapterContext({ fresh: true }), 'a');
    await settle();
    l.op.forget(ctx, ['a']);
    const again = l.op.load(ctx, 'a'); // the loader forgot it: the cache answers
    expect(await again).toBe('A-v1');
    const other = l.op.load(ctx, 'b');
    await settle();
    expect(l.calls).toEqual([['a'], ['a'], ['b']]);
    l.answer(1, '-v2');
    l.answer(2);
    expect([await inFlight, await other]).toEqual(['A-v2', 'B']);
    // The forgotten call did not cache its record.
    expect(await l.op.load(newAdapterContext(), 'a')).toBe('A-v1');
  });

  it('lets nobody join a call abandoned by all its waiters: the next request calls anew at once', async () => {
    const l = held({ slowAbort: true });
    const only = new AbortController();
    const abandoned = outcome(l.op.load(newAdapterContext({ signal: only.signal }), 'a'));
    await settle();
    only.abort(); // the call is aborted; until it has failed, its keys are still in the map
    const next = l.op.load(newAdapterContext(), 'a');
    await settle();
    expect(await abandoned).toMatchObject({ code: 'DEPARTMENT_TIMEOUT', callerBound: true });
    expect(l.calls).toEqual([['a'], ['a']]);
    l.answer(1);
    expect(await next).toBe('A');
    expect(l.op.coalescedKeys).toBe(0);
  });

  it('makes every request call for itself with policy.coalesce false', async () => {
    const l = held({ policy: { coalesce: false } });
    const requests = Array.from({ length: 3 }, () => l.op.load(newAdapterContext(), 'a'));
    await settle();
    expect(l.calls).toEqual([['a'], ['a'], ['a']]);
    [0, 1, 2].forEach((n) => l.answer(n));
    expect(await Promise.all(requests)).toEqual(['A', 'A', 'A']);
    expect(l.op.coalescedKeys).toBe(0);
  });

  describe('deadlines', () => {
    beforeEach(() => {
      jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    });
    afterEach(() => jest.useRealTimers());

    it("stops waiting at a joiner's own nearer deadline, while the call goes on for its starter", async () => {
      const l = held({ policy: { timeoutMs: 5_000 } });
      const starter = l.op.load(newAdapterContext({ deadline: START + 2_000 }), 'a');
      await settle();
      const joiner = outcome(l.op.load(newAdapterContext({ deadline: START + 300 }), 'a'));
      await settle();
      await jest.advanceTimersByTimeAsync(274);
      expect(l.op.coalescedKeys).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(await joiner).toMatchObject({
        code: 'DEPARTMENT_TIMEOUT',
        callerBound: true,
        message: `${l.department} person.byId: no answer before the request's deadline (waiting for a call another request started)`,
      });
      expect(l.signals[0]?.aborted).toBe(false);
      await jest.advanceTimersByTimeAsync(500);
      l.answer(0);
      expect(await starter).toBe('A');
      expect(l.calls).toEqual([['a']]);
    });

    it("asks again for a key when the call it joined was cut short by its starter's nearer deadline", async () => {
      const l = held({ policy: { timeoutMs: 5_000 } });
      const starter = outcome(l.op.load(newAdapterContext({ deadline: START + 300 }), 'a'));
      await settle();
      const joiner = l.op.load(newAdapterContext({ deadline: START + 3_000 }), 'a');
      await settle();
      await jest.advanceTimersByTimeAsync(275); // the starter's call gets 300 - 25 ms
      expect(await starter).toMatchObject({ code: 'DEPARTMENT_TIMEOUT', callerBound: true });
      expect(l.signals[0]?.aborted).toBe(true);
      await settle();
      expect(l.calls).toEqual([['a'], ['a']]);
      l.answer(1);
      expect(await joiner).toBe('A');
      expect(l.op.breaker.stats.failures).toBe(0);
    });

    it('does not ask again when the policy timeout, not a deadline, ended the joined call', async () => {
      const l = held({ policy: { timeoutMs: 200 } });
      const starter = outcome(l.op.load(newAdapterContext({ deadline: START + 5_000 }), 'a'));
      await settle();
      const joiner = outcome(l.op.load(newAdapterContext({ deadline: START + 9_000 }), 'a'));
      await settle();
      await jest.advanceTimersByTimeAsync(200);
      const message = `${l.department} person.byId: no answer within 200 ms`;
      expect(await starter).toMatchObject({ code: 'DEPARTMENT_TIMEOUT', message });
      expect(await joiner).toMatchObject({ code: 'DEPARTMENT_TIMEOUT', message });
      expect(l.calls).toEqual([['a']]);
    });
  });
});

describe('LegacyOperation batching across requests (maxConcurrentCalls)', () => {
  it('sends the keys of every request that came while the calls were busy together in the next call', async () => {
    const l = held({ maxConcurrentCalls: 2 });
    const first = l.op.load(newAdapterContext(), 'a');
    const second = l.op.load(newAdapterContext(), 'b');
    await settle();
    const later = ['c', 'd', 'e', 'c'].map((k) => l.op.load(newAdapterContext(), k));
    await settle();
    // Two calls run; the three new keys (c asked twice) wait, not sent.
    expect(l.calls).toEqual([['a'], ['b']]);
    l.answer(1);
    await settle();
    expect(l.calls).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    l.answer(2);
    l.answer(0);
    expect(await Promise.all([first, second, ...later])).toEqual(['A', 'B', 'C', 'D', 'E', 'C']);
    expect(l.op.stats).toEqual({ calls: 3, keys: 5, cacheHits: 0, staleServes: 0 });
    expect(l.op.inFlightKeys).toBe(0);
  });

  it('goes out at once while a call is free: no waiting at light load', async () => {
    const l = held({ maxConcurrentCalls: 2 });
    const a = l.op.load(newAdapterContext(), 'a');
    await settle();
    l.answer(0);
    expect(await a).toBe('A');
    const b = l.op.load(newAdapterContext(), 'b');
    await settle();
    expect(l.calls).toEqual([['a'], ['b']]);
    l.answer(1);
    expect(await b).toBe('B');
  });

  it('never sends a waiting batch every request gave up on, and sends the next one', async () => {
    const l = held({ maxConcurrentCalls: 1 });
    const first = l.op.load(newAdapterContext(), 'a');
    await settle();
    const quitter = new AbortController();
    const gaveUp = outcome(l.op.load(newAdapterContext({ signal: quitter.signal }), 'x'));
    await settle();
    quitter.abort();
    expect(await gaveUp).toMatchObject({ code: 'DEPARTMENT_TIMEOUT' });
    l.answer(0);
    expect(await first).toBe('A');
    await settle();
    expect(l.calls).toEqual([['a']]);
    const next = l.op.load(newAdapterContext(), 'x');
    await settle();
    expect(l.calls).toEqual([['a'], ['x']]);
    l.answer(1);
    expect(await next).toBe('X');
  });

  it('binds a waiting batch by the latest deadline of its requests', async () => {
    const l = held({ maxConcurrentCalls: 1 });
    const first = l.op.load(newAdapterContext(), 'a');
    await settle();
    const now = Date.now();
    const soon = outcome(l.op.load(newAdapterContext({ deadline: now + 60_000 }), 'b'));
    const later = outcome(l.op.load(newAdapterContext({ deadline: now + 120_000 }), 'c'));
    await settle();
    l.answer(0);
    await first;
    await settle();
    expect(l.calls).toEqual([['a'], ['b', 'c']]);
    l.answer(1);
    expect(await Promise.all([soon, later])).toEqual(['B', 'C']);
  });

  it('runs more calls at once while the system keeps up and keys wait, fewer after it fails', async () => {
    const l = held({ maxConcurrentCalls: { initial: 1, max: 4 } }); // min: initial
    const gauge = async () =>
      (await registry.getSingleMetric('owdl_legacy_concurrency_limit')!.get()).values.find(
        (v) => v.labels.department === l.department,
      )?.value;
    expect(await gauge()).toBe(1);
    const load = (k: string) => outcome(l.op.load(newAdapterContext(), k));
    const loads = [load('a')];
    await settle();
    loads.push(load('b'), load('c'));
    await settle();
    expect(l.calls).toEqual([['a']]);
    // The first answer, with keys waiting: two calls at once from now on.
    l.answer(0);
    await settle();
    expect(await gauge()).toBe(2);
    loads.push(load('d'));
    await settle();
    expect(l.calls).toEqual([['a'], ['b', 'c'], ['d']]);
    loads.push(load('e'));
    await settle();
    expect(l.calls).toHaveLength(3); // two running: e waits
    // The system fails a call: half as many, so e still waits for d.
    l.fail(1);
    await settle();
    expect(await gauge()).toBe(1);
    expect(l.calls).toHaveLength(3);
    l.answer(2);
    await settle();
    expect(l.calls).toEqual([['a'], ['b', 'c'], ['d'], ['e']]);
    l.answer(3);
    expect(await Promise.all(loads)).toEqual([
      'A',
      expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE' }),
      expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE' }),
      'D',
      'E',
    ]);
  });

  it('refuses a maxConcurrentCalls that is not a positive integer', () => {
    expect(() => held({ maxConcurrentCalls: 0 })).toThrow('maxConcurrentCalls must be a positive integer: 0');
  });
});
