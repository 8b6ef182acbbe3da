import { MemoryCache } from './cache';
import { DataLayerError } from './errors';
import type { ErrorCode } from './error-codes';
import { LegacyOperation, newAdapterContext, type AdapterContext } from './operation';
import type { PolicyOverrides } from './policy';
import type { StaleMark } from './staleness';

const START = 1_700_000_000_000;
let serial = 0;

/**
 * An operation over a legacy system that answers `KEY@<ms since START>` until `fail(code)` makes
 * it throw; cacheTtlMs 1 s and staleIfErrorMs 10 s unless the policy says otherwise.
 */
function legacy(policy: PolicyOverrides = {}) {
  const department = `stale-${++serial}`;
  let failure: DataLayerError | undefined;
  const calls: string[][] = [];
  const op = new LegacyOperation<string, string>({
    department,
    name: 'person.byId',
    cache: new MemoryCache(),
    policy: {
      cacheTtlMs: 1_000,
      staleIfErrorMs: 10_000,
      retry: { attempts: 0 },
      breaker: { volumeThreshold: 1_000 },
      ...policy,
    },
    batch: async (keys) => {
      calls.push([...keys]);
      if (failure) throw failure;
      return keys.map((k) => `${k.toUpperCase()}@${Date.now() - START}`);
    },
  });
  return {
    op,
    department,
    calls,
    fail: (code: ErrorCode) => (failure = new DataLayerError(code, `legacy failed ${code}`, { department })),
    heal: () => (failure = undefined),
  };
}

/** One resolver's load with a context of its own, and the stale marks it noted; a rejection comes back as the error. */
const resolve = async (run: (ctx: AdapterContext) => Promise<unknown>) => {
  const marks: StaleMark[] = [];
  const value = await run({ ...newAdapterContext(), staleMarks: marks }).then(
    (v) => v,
    (e: Error) => e,
  );
  return { value, marks };
};

describe('LegacyOperation stale-if-error', () => {
  beforeEach(() => {
    // DataLoader schedules its batch with process.nextTick: that must stay real.
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
  });
  afterEach(() => jest.useRealTimers());

  it('serves a record younger than cacheTtlMs from the cache without a call', async () => {
    const l = legacy();
    expect(await l.op.load(newAdapterContext(), 'a')).toBe('A@0');
    jest.setSystemTime(START + 1_000);
    expect(await l.op.load(newAdapterContext(), 'a')).toBe('A@0');
    expect(l.calls).toEqual([['a']]);
    expect(l.op.stats).toEqual({ calls: 1, keys: 1, cacheHits: 1, staleServes: 0 });
  });

  it('calls again for a record older than cacheTtlMs and caches the new one', async () => {
    const l = legacy();
    await l.op.load(newAdapterContext(), 'a');
    jest.setSystemTime(START + 1_001);
    expect(await l.op.load(newAdapterContext(), 'a')).toBe('A@1001');
    jest.setSystemTime(START + 1_500);
    expect(await l.op.load(newAdapterContext(), 'a')).toBe('A@1001');
    expect(l.calls).toEqual([['a'], ['a']]);
  });

  it('serves the stale record, counts it and marks it for the resolver when the system fails', async () => {
    const l = legacy();
    await l.op.load(newAdapterContext(), 'a');
    l.fail('DEPARTMENT_UNAVAILABLE');
    jest.setSystemTime(START + 7_500);
    const { value, marks } = await resolve((ctx) => l.op.load(ctx, 'a'));
    expect(value).toBe('A@0');
    expect(marks).toEqual([
      { department: l.department, operation: 'person.byId', ageSeconds: 7, cause: 'DEPARTMENT_UNAVAILABLE' },
    ]);
    expect(l.op.stats).toEqual({ calls: 2, keys: 2, cacheHits: 0, staleServes: 1 });
    expect(l.calls).toEqual([['a'], ['a']]);
  });

  it('serves stale up to cacheTtlMs + staleIfErrorMs and the error after that', async () => {
    const l = legacy();
    await l.op.load(newAdapterContext(), 'a');
    l.fail('DEPARTMENT_TIMEOUT');
    jest.setSystemTime(START + 10_999);
    const young = await resolve((ctx) => l.op.load(ctx, 'a'));
    expect(young).toEqual({
      value: 'A@0',
      marks: [
        { department: l.department, operation: 'person.byId', ageSeconds: 10, cause: 'DEPARTMENT_TIMEOUT' },
      ],
    });
    jest.setSystemTime(START + 11_001);
    const old = await resolve((ctx) => l.op.load(ctx, 'a'));
    expect(old.value).toBeInstanceOf(DataLayerError);
    expect(old.value).toMatchObject({
      code: 'DEPARTMENT_TIMEOUT',
      message: 'legacy failed DEPARTMENT_TIMEOUT',
    });
    expect(old.marks).toEqual([]);
    expect(l.op.stats.staleServes).toBe(1);
  });

  it('serves stale while the breaker is open, with CIRCUIT_OPEN as the cause, and no call is made', async () => {
    const l = legacy({
      breaker: { volumeThreshold: 1, errorThresholdPercentage: 1, resetTimeoutMs: 60_000 },
    });
    await l.op.load(newAdapterContext(), 'a');
    l.fail('DEPARTMENT_UNAVAILABLE');
    await l.op.load(newAdapterContext(), 'b').catch(() => undefined); // the failure that opens the breaker
    expect(l.op.breaker.opened).toBe(true);
    jest.setSystemTime(START + 2_000);
    const { value, marks } = await resolve((ctx) => l.op.load(ctx, 'a'));
    expect(value).toBe('A@0');
    expect(marks).toEqual([
      { department: l.department, operation: 'person.byId', ageSeconds: 2, cause: 'CIRCUIT_OPEN' },
    ]);
    expect(l.calls).toEqual([['a'], ['b']]);
  });

  it('never serves stale for a client-side error', async () => {
    const l = legacy();
    await l.op.load(newAdapterContext(), 'a');
    l.fail('INVALID_ARGUMENT');
    jest.setSystemTime(START + 2_000);
    const { value, marks } = await resolve((ctx) => l.op.load(ctx, 'a'));
    expect(value).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(marks).toEqual([]);
    expect(l.op.stats.staleServes).toBe(0);
  });

  it('never serves stale with staleIfErrorMs 0', async () => {
    const l = legacy({ staleIfErrorMs: 0 });
    await l.op.load(newAdapterContext(), 'a');
    l.fail('DEPARTMENT_UNAVAILABLE');
    jest.setSystemTime(START + 1_001);
    const { value, marks } = await resolve((ctx) => l.op.load(ctx, 'a'));
    expect(value).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE' });
    expect(marks).toEqual([]);
    expect(l.op.stats.staleServes).toBe(0);
  });

  it('serves stale only the keys it has, failing the others, in one batch', async () => {
    const l = legacy();
    await l.op.load(newAdapterContext(), 'a');
    l.fail('DEPARTMENT_UNAVAILABLE');
    jest.setSystemTime(START + 3_000);
    const { value, marks } = await resolve((ctx) => l.op.loadMany(ctx, ['a', 'b']));
    expect((value as unknown[])[0]).toBe('A@0');
    expect((value as unknown[])[1]).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE' });
    expect(marks).toEqual([
      { department: l.department, operation: 'person.byId', ageSeconds: 3, cause: 'DEPARTMENT_UNAVAILABLE' },
    ]);
    expect(l.calls).toEqual([['a'], ['a', 'b']]);
  });

  it('serves a cached "not found" stale as null', async () => {
    const l = legacy();
    const op = new LegacyOperation<string, string>({
      department: l.department,
      name: 'nothing.byId',
      cache: new MemoryCache(),
      policy: { cacheTtlMs: 1_000, staleIfErrorMs: 10_000, retry: { attempts: 0 } },
      batch: async (keys) => {
        if (Date.now() > START) throw new DataLayerError('DEPARTMENT_UNAVAILABLE', 'down');
        return keys.map(() => null);
      },
    });
    expect(await op.load(newAdapterContext(), 'ghost')).toBeNull();
    jest.setSystemTime(START + 5_000);
    expect(await resolve((ctx) => op.load(ctx, 'ghost'))).toEqual({
      value: null,
      marks: [
        {
          department: l.department,
          operation: 'nothing.byId',
          ageSeconds: 5,
          cause: 'DEPARTMENT_UNAVAILABLE',
        },
      ],
    });
  });

  it('goes back to fresh records once the system recovers', async () => {
    const l = legacy();
    await l.op.load(newAdapterContext(), 'a');
    l.fail('DEPARTMENT_UNAVAILABLE');
    jest.setSystemTime(START + 2_000);
    expect(await l.op.load(newAdapterContext(), 'a')).toBe('A@0');
    l.heal();
    jest.setSystemTime(START + 2_500);
    const { value, marks } = await resolve((ctx) => l.op.load(ctx, 'a'));
    expect(value).toBe('A@2500');
    expect(marks).toEqual([]);
  });
});
