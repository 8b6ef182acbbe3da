import { DataLayerError } from './errors';
import { LegacyOperation, newAdapterContext } from './operation';
import type { PolicyOverrides } from './policy';

const START = 1_700_000_000_000;
let serial = 0;

/**
 * An operation whose legacy system never answers by itself: it gives up only when the call's
 * signal (from the call scope, as HttpUpstream and TcpPool see it) aborts, at once, with an error
 * of its own, the way a protocol client that destroys its socket does. Records when each call
 * started and when it was aborted.
 */
function hanging(policy: PolicyOverrides = {}) {
  const seen = { starts: [] as number[], aborts: [] as number[], signals: [] as (AbortSignal | undefined)[] };
  const op = new LegacyOperation<string, string>({
    department: `deadline-${++serial}`,
    name: 'thing.byId',
    policy: { retry: { attempts: 0 }, breaker: { volumeThreshold: 1_000 }, ...policy },
    batch: (keys, { signal }) => {
      seen.starts.push(Date.now() - START);
      seen.signals.push(signal);
      return new Promise((_, reject) => {
        const onAbort = () => {
          seen.aborts.push(Date.now() - START);
          reject(new DataLayerError('DEPARTMENT_UNAVAILABLE', `socket destroyed with ${keys.length} keys`));
        };
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  });
  return { op, seen };
}

/** Settles a promise into its value or its error, so a rejection can be looked at later. */
const outcome = <T>(p: Promise<T>): Promise<T | Error> =>
  p.then(
    (v) => v,
    (e: Error) => e,
  );

describe('LegacyOperation deadline', () => {
  beforeEach(() => {
    // DataLoader schedules its batch with process.nextTick: that must stay real.
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
  });
  afterEach(() => jest.useRealTimers());

  it('gives a call policy.timeoutMs when the request has no deadline, then aborts it with DEPARTMENT_TIMEOUT', async () => {
    const { op, seen } = hanging({ timeoutMs: 200 });
    const result = outcome(op.load(newAdapterContext(), 'a'));
    await jest.advanceTimersByTimeAsync(199);
    expect(seen.starts).toEqual([0]);
    expect(seen.signals[0]?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(seen.signals[0]?.aborted).toBe(true);
    expect(seen.aborts).toEqual([200]);
    expect(await result).toMatchObject({
      code: 'DEPARTMENT_TIMEOUT',
      department: op.department,
      message: `${op.department} thing.byId: no answer within 200 ms`,
    });
  });

  it("gives a call only the time left before the request's deadline, less a 25 ms margin", async () => {
    const { op, seen } = hanging({ timeoutMs: 1_000 });
    const result = outcome(op.load(newAdapterContext({ deadline: START + 300 }), 'a'));
    await jest.advanceTimersByTimeAsync(274);
    expect(seen.signals[0]?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(seen.aborts).toEqual([275]);
    expect(await result).toMatchObject({
      code: 'DEPARTMENT_TIMEOUT',
      message: `${op.department} thing.byId: no answer within 275 ms`,
    });
  });

  it('excuses the department when the deadline cut a call short of slowCallMs, and counts it once the call had that long', async () => {
    const { op } = hanging({ timeoutMs: 10_000, breaker: { slowCallMs: 1_000, volumeThreshold: 1_000 } });
    const late = outcome(op.load(newAdapterContext({ deadline: START + 500 }), 'a'));
    await jest.advanceTimersByTimeAsync(500);
    expect(await late).toMatchObject({ code: 'DEPARTMENT_TIMEOUT', callerBound: true });
    expect(op.breaker.stats.failures).toBe(0);
    // A slow department behind a shorter request deadline (10 s timeout, 5 s deadline) must still trip its breaker.
    const slow = outcome(op.load(newAdapterContext({ deadline: Date.now() + 5_000 }), 'b'));
    await jest.advanceTimersByTimeAsync(5_000);
    expect(await slow).toMatchObject({ code: 'DEPARTMENT_TIMEOUT', callerBound: false });
    expect(op.breaker.stats.failures).toBe(1);
  });

  it('keeps policy.timeoutMs when the deadline is further away', async () => {
    const { op, seen } = hanging({ timeoutMs: 100 });
    const result = outcome(op.load(newAdapterContext({ deadline: START + 5_000 }), 'a'));
    await jest.advanceTimersByTimeAsync(100);
    expect(seen.aborts).toEqual([100]);
    expect(await result).toMatchObject({ code: 'DEPARTMENT_TIMEOUT' });
  });

  it('times out a batch function that ignores its signal all the same', async () => {
    const batch = jest.fn(() => new Promise<string[]>(() => undefined));
    const op = new LegacyOperation<string, string>({
      department: `deadline-${++serial}`,
      name: 'deaf',
      policy: { timeoutMs: 50, retry: { attempts: 0 } },
      batch,
    });
    const result = outcome(op.load(newAdapterContext(), 'a'));
    await jest.advanceTimersByTimeAsync(50);
    expect(await result).toMatchObject({ code: 'DEPARTMENT_TIMEOUT' });
    expect(batch).toHaveBeenCalledTimes(1);
  });

  it('fails DEPARTMENT_TIMEOUT without calling the legacy system when the deadline leaves no time', async () => {
    const { op, seen } = hanging({ timeoutMs: 1_000 });
    for (const deadline of [START + 25, START, START - 1_000]) {
      const result = await outcome(op.load(newAdapterContext({ deadline }), 'a'));
      expect(result).toBeInstanceOf(DataLayerError);
      expect(result).toMatchObject({
        code: 'DEPARTMENT_TIMEOUT',
        department: op.department,
        message: `${op.department} thing.byId: no time left before the request's deadline`,
      });
    }
    expect(seen.starts).toEqual([]);
    expect(op.stats.calls).toBe(0);
  });

  it("does not count a request that arrived too late against the department's breaker", async () => {
    const { op, seen } = hanging({
      timeoutMs: 1_000,
      breaker: { volumeThreshold: 1, errorThresholdPercentage: 1 },
    });
    for (let i = 0; i < 3; i++)
      expect(await outcome(op.load(newAdapterContext({ deadline: START }), `late${i}`))).toMatchObject({
        code: 'DEPARTMENT_TIMEOUT',
      });
    expect(op.breaker.opened).toBe(false);
    const result = outcome(op.load(newAdapterContext(), 'on time'));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(seen.starts).toEqual([0]);
    expect(await result).toMatchObject({ code: 'DEPARTMENT_TIMEOUT' });
  });

  it("aborts the call when the request's own signal aborts", async () => {
    const { op, seen } = hanging({ timeoutMs: 1_000 });
    const request = new AbortController();
    const result = outcome(op.load(newAdapterContext({ signal: request.signal }), 'a'));
    await jest.advanceTimersByTimeAsync(40);
    expect(seen.signals[0]?.aborted).toBe(false);
    request.abort();
    expect(seen.signals[0]?.aborted).toBe(true);
    expect(seen.aborts).toEqual([40]);
    // Whatever the protocol client made of the abort, the request ended: not the department's failure.
    expect(await result).toMatchObject({
      code: 'DEPARTMENT_TIMEOUT',
      callerBound: true,
      message: expect.stringMatching(/^deadline-\d+ thing.byId: the request ended first$/),
    });
    expect(op.breaker.stats.failures).toBe(0);
  });

  it('hands the call an aborted signal when the request was aborted before the call began', async () => {
    const { op, seen } = hanging({ timeoutMs: 1_000 });
    const request = new AbortController();
    request.abort();
    const result = await outcome(op.load(newAdapterContext({ signal: request.signal }), 'a'));
    expect(seen.signals[0]?.aborted).toBe(true);
    expect(seen.aborts).toEqual([0]);
    expect(result).toMatchObject({ code: 'DEPARTMENT_TIMEOUT', callerBound: true });
    expect(op.breaker.stats.failures).toBe(0);
  });

  it("stops listening to the request's signal once the call is over", async () => {
    const request = new AbortController();
    const add = jest.spyOn(request.signal, 'addEventListener');
    const remove = jest.spyOn(request.signal, 'removeEventListener');
    const op = new LegacyOperation<string, string>({
      department: `deadline-${++serial}`,
      name: 'quick',
      batch: async (keys) => keys.map((k) => k.toUpperCase()),
    });
    expect(await op.loadMany(newAdapterContext({ signal: request.signal }), ['a', 'b'])).toEqual(['A', 'B']);
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove).toHaveBeenCalledWith('abort', add.mock.calls[0]![1]);
  });
});
