import { DataLayerError } from './errors';
import type { ErrorCode } from './error-codes';
import { registry } from './metrics';
import { LegacyOperation, newAdapterContext } from './operation';
import type { PolicyOverrides } from './policy';

const START = 1_700_000_000_000;
let serial = 0;

/**
 * An operation whose legacy system answers with `replies` in turn (an Error is thrown, a string
 * answers every key), recording the fake time of each call. The bulkhead and retry budget are per
 * department in a process, so every operation gets a department of its own.
 */
function flaky(replies: (Error | string)[], policy: PolicyOverrides = {}) {
  const department = `retries-${++serial}`;
  const callTimes: number[] = [];
  const op = new LegacyOperation<string, string>({
    department,
    name: 'thing.byId',
    policy: {
      breaker: { volumeThreshold: 1_000 }, // these tests are about retries, not the breaker
      ...policy,
      retry: { budgetPercent: 100, minPerSecond: 100, ...policy.retry },
    },
    batch: async (keys) => {
      callTimes.push(Date.now() - START);
      const reply = replies[Math.min(callTimes.length, replies.length) - 1]!;
      if (reply instanceof Error) throw reply;
      return keys.map(() => reply);
    },
  });
  return { op, department, callTimes };
}

const fault = (code: ErrorCode, retryAfter?: number) =>
  new DataLayerError(code, `legacy said ${code}`, { department: 'legacy', retryAfter });

/**
 * Runs a load to the end, moving fake time from timer to timer (never further than needed, so
 * the clock shows when things happened) but not past `maxMs`.
 */
async function settle<T>(p: Promise<T>, maxMs = 10_000): Promise<T | Error> {
  let done = false;
  const outcome = p.then(
    (v) => v,
    (e: Error) => e,
  );
  void outcome.then(() => (done = true));
  const end = Date.now() + maxMs;
  for (let timers = 0; timers < 1_000; timers++) {
    await new Promise((r) => setImmediate(r));
    if (done || Date.now() >= end) return outcome;
    await jest.advanceTimersToNextTimerAsync();
  }
  return new Error('the load did not settle within 1000 timers');
}

async function retriesMetric(department: string): Promise<number> {
  const metric = await registry.getSingleMetric('owdl_legacy_retries_total')!.get();
  return metric.values.find((v) => v.labels.department === department)?.value ?? 0;
}

describe('LegacyOperation retries', () => {
  beforeEach(() => {
    // DataLoader schedules its batch with process.nextTick: that must stay real.
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('retries DEPARTMENT_UNAVAILABLE up to retry.attempts times, then surfaces it', async () => {
    const legacy = flaky([fault('DEPARTMENT_UNAVAILABLE')], { retry: { attempts: 2 } });
    const result = await settle(legacy.op.load(newAdapterContext(), 'a'));
    expect(result).toMatchObject({
      code: 'DEPARTMENT_UNAVAILABLE',
      message: 'legacy said DEPARTMENT_UNAVAILABLE',
    });
    expect(legacy.callTimes).toHaveLength(3);
    expect(legacy.op.stats).toEqual({ calls: 3, keys: 3, cacheHits: 0, staleServes: 0 });
    expect(await retriesMetric(legacy.department)).toBe(2);
  });

  it('backs off with full jitter, doubling the ceiling per attempt', async () => {
    // Math.random() is 0.5: half of 100 ms, then half of 200 ms.
    const legacy = flaky([fault('DEPARTMENT_UNAVAILABLE')], {
      retry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 1_000 },
    });
    await settle(legacy.op.load(newAdapterContext(), 'a'));
    expect(legacy.callTimes).toEqual([0, 50, 150]);
  });

  it('returns the value when a retry succeeds', async () => {
    const legacy = flaky([fault('DEPARTMENT_UNAVAILABLE'), 'A'], { retry: { attempts: 2 } });
    expect(await settle(legacy.op.load(newAdapterContext(), 'a'))).toBe('A');
    expect(legacy.callTimes).toHaveLength(2);
  });

  it('does not retry at all with retry.attempts 0', async () => {
    const legacy = flaky([fault('DEPARTMENT_UNAVAILABLE')], { retry: { attempts: 0 } });
    expect(await settle(legacy.op.load(newAdapterContext(), 'a'))).toMatchObject({
      code: 'DEPARTMENT_UNAVAILABLE',
    });
    expect(legacy.callTimes).toEqual([0]);
  });

  it('retries RATE_LIMITED after exactly its Retry-After when that is within maxDelayMs', async () => {
    const legacy = flaky([fault('RATE_LIMITED', 1), 'A'], { retry: { attempts: 2, maxDelayMs: 1_000 } });
    const load = legacy.op.load(newAdapterContext(), 'a');
    await jest.advanceTimersByTimeAsync(999);
    expect(legacy.callTimes).toEqual([0]);
    await jest.advanceTimersByTimeAsync(1);
    expect(legacy.callTimes).toEqual([0, 1_000]);
    expect(await load).toBe('A');
  });

  it('surfaces RATE_LIMITED with its retryAfter at once when Retry-After is longer than maxDelayMs', async () => {
    const legacy = flaky([fault('RATE_LIMITED', 2), 'A'], { retry: { attempts: 2, maxDelayMs: 1_000 } });
    const result = await settle(legacy.op.load(newAdapterContext(), 'a'));
    expect(result).toBeInstanceOf(DataLayerError);
    expect(result).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 2 });
    expect(legacy.callTimes).toEqual([0]);
  });

  it('retries IN_MAINTENANCE with a short Retry-After too', async () => {
    const legacy = flaky([fault('IN_MAINTENANCE', 0), 'A'], { retry: { attempts: 1 } });
    expect(await settle(legacy.op.load(newAdapterContext(), 'a'))).toBe('A');
    expect(legacy.callTimes).toEqual([0, 0]);
  });

  it.each<[string, Error]>([
    ['DEPARTMENT_TIMEOUT', fault('DEPARTMENT_TIMEOUT')],
    ['BAD_LEGACY_REPLY', fault('BAD_LEGACY_REPLY')],
    ['LEGACY_FAULT', fault('LEGACY_FAULT')],
    ['INVALID_ARGUMENT', fault('INVALID_ARGUMENT')],
    ['INVALID_IDENTITY_NUMBER', fault('INVALID_IDENTITY_NUMBER')],
    ['NOT_FOUND', fault('NOT_FOUND')],
    ['a plain Error', new Error('bug in the adapter')],
  ])('never retries %s', async (_, error) => {
    const legacy = flaky([error, 'A'], { retry: { attempts: 3 } });
    expect(await settle(legacy.op.load(newAdapterContext(), 'a'))).toBe(error);
    expect(legacy.callTimes).toEqual([0]);
  });

  it('does not retry when the wait would pass the request deadline less its margin', async () => {
    // The first backoff is 50 ms; a retry needs 50 + 25 ms of margin before the deadline.
    const tight = flaky([fault('DEPARTMENT_UNAVAILABLE'), 'A'], { retry: { attempts: 2, baseDelayMs: 100 } });
    const result = await settle(tight.op.load(newAdapterContext({ deadline: START + 75 }), 'a'));
    expect(result).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE' });
    expect(tight.callTimes).toEqual([0]);

    const roomy = flaky([fault('DEPARTMENT_UNAVAILABLE'), 'A'], { retry: { attempts: 2, baseDelayMs: 100 } });
    expect(await settle(roomy.op.load(newAdapterContext({ deadline: START + 76 }), 'a'))).toBe('A');
    expect(roomy.callTimes).toEqual([0, 50]);
  });

  it('stops retrying once the retry budget is spent, and allows retries again the next second', async () => {
    const legacy = flaky([fault('DEPARTMENT_UNAVAILABLE')], {
      retry: { attempts: 2, baseDelayMs: 0, budgetPercent: 0, minPerSecond: 1 },
    });
    await settle(legacy.op.load(newAdapterContext(), 'a'));
    expect(legacy.callTimes).toEqual([0, 0]); // one retry, the second one refused
    await settle(legacy.op.load(newAdapterContext(), 'b'));
    expect(legacy.callTimes).toEqual([0, 0, 0]); // no retry left this second
    jest.setSystemTime(START + 1_000);
    await settle(legacy.op.load(newAdapterContext(), 'c'));
    expect(legacy.callTimes).toEqual([0, 0, 0, 1_000, 1_000]);
    expect(await retriesMetric(legacy.department)).toBe(2);
  });

  it('shares the retry budget between the operations of one department', async () => {
    const first = flaky([fault('DEPARTMENT_UNAVAILABLE')], {
      retry: { attempts: 1, baseDelayMs: 0, budgetPercent: 0, minPerSecond: 1 },
    });
    const second = new LegacyOperation<string, string>({
      department: first.department,
      name: 'other.byId',
      policy: { retry: { attempts: 1, baseDelayMs: 0 } },
      batch: async () => {
        throw fault('DEPARTMENT_UNAVAILABLE');
      },
    });
    await settle(first.op.load(newAdapterContext(), 'a'));
    await settle(second.load(newAdapterContext(), 'a'));
    expect(first.callTimes).toEqual([0, 0]);
    expect(second.stats.calls).toBe(1);
  });
});
