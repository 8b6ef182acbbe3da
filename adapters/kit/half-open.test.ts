import { DataLayerError } from './errors';
import { registry } from './metrics';
import { LegacyOperation, newAdapterContext } from './operation';

const START = 1_700_000_000_000;
let serial = 0;

/**
 * An operation whose legacy system fails while `down` and otherwise answers when the test says
 * (`answer()`), so a half-open probe can be held in flight. Breaker: opens when more than 50 % of
 * at least 4 calls fail, probes after 1 s.
 */
function legacy() {
  const department = `half-open-${++serial}`;
  const state = { down: true, calls: 0 };
  const pending: (() => void)[] = [];
  const op = new LegacyOperation<string, string>({
    department,
    name: 'licence.byUscc',
    policy: {
      retry: { attempts: 0 },
      breaker: {
        volumeThreshold: 4,
        errorThresholdPercentage: 50,
        resetTimeoutMs: 1_000,
        rollingWindowMs: 60_000,
      },
    },
    batch: (keys) => {
      state.calls++;
      if (state.down)
        return Promise.reject(new DataLayerError('DEPARTMENT_UNAVAILABLE', 'down', { department }));
      return new Promise((resolve) => pending.push(() => resolve(keys.map((k) => k.toUpperCase()))));
    },
  });
  return { op, department, state, answer: () => pending.splice(0).forEach((f) => f()) };
}

const outcome = <T>(p: Promise<T>): Promise<T | Error> =>
  p.then(
    (v) => v,
    (e: Error) => e,
  );

async function gauge(name: string, department: string): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(name)!.get();
  return metric.values.find((v) => v.labels.department === department)?.value;
}

const breakerState = (department: string) => gauge('owdl_breaker_state', department);

async function transitions(department: string): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('owdl_breaker_transitions_total')!.get();
  return Object.fromEntries(
    metric.values
      .filter((v) => v.labels.department === department)
      .map((v) => [String(v.labels.to), v.value]),
  );
}

describe('LegacyOperation half-open', () => {
  beforeEach(() => {
    // DataLoader schedules its batch with process.nextTick: that must stay real.
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
  });
  afterEach(() => jest.useRealTimers());

  it('stays closed until volumeThreshold calls, then opens when failures pass errorThresholdPercentage', async () => {
    const l = legacy();
    expect(await breakerState(l.department)).toBe(0);
    for (let i = 0; i < 3; i++) await outcome(l.op.load(newAdapterContext(), `k${i}`));
    expect(l.op.breaker.opened).toBe(false);
    await outcome(l.op.load(newAdapterContext(), 'k3'));
    expect(l.op.breaker.opened).toBe(true);
    expect(await breakerState(l.department)).toBe(2);
    expect(l.state.calls).toBe(4);
  });

  it('does not open while failures stay at or below errorThresholdPercentage', async () => {
    const l = legacy();
    l.state.down = false;
    for (const k of ['a', 'b']) {
      const p = l.op.load(newAdapterContext(), k);
      await jest.advanceTimersByTimeAsync(0);
      l.answer();
      await p;
    }
    l.state.down = true;
    for (const k of ['c', 'd']) await outcome(l.op.load(newAdapterContext(), k));
    expect(l.op.breaker.opened).toBe(false); // 2 of 4 is 50 %, not more
    await outcome(l.op.load(newAdapterContext(), 'e'));
    expect(l.op.breaker.opened).toBe(true); // 3 of 5
  });

  it('fails CIRCUIT_OPEN without calling the legacy system while open', async () => {
    const l = legacy();
    for (let i = 0; i < 4; i++) await outcome(l.op.load(newAdapterContext(), `k${i}`));
    const results = await Promise.all(['x', 'y', 'z'].map((k) => outcome(l.op.load(newAdapterContext(), k))));
    for (const r of results) {
      expect(r).toBeInstanceOf(DataLayerError);
      expect(r).toMatchObject({
        code: 'CIRCUIT_OPEN',
        department: l.department,
        message: `${l.department} licence.byUscc: circuit open`,
      });
    }
    expect(l.state.calls).toBe(4);
  });

  it('lets one probe through after resetTimeoutMs and closes on its success; the gauge goes 2, 1, 0', async () => {
    const l = legacy();
    for (let i = 0; i < 4; i++) await outcome(l.op.load(newAdapterContext(), `k${i}`));
    expect(await breakerState(l.department)).toBe(2);
    await jest.advanceTimersByTimeAsync(999);
    expect(await outcome(l.op.load(newAdapterContext(), 'early'))).toMatchObject({ code: 'CIRCUIT_OPEN' });
    await jest.advanceTimersByTimeAsync(1);
    expect(l.op.breaker.halfOpen).toBe(true);
    expect(await breakerState(l.department)).toBe(1);

    l.state.down = false;
    const probe = l.op.load(newAdapterContext(), 'probe');
    await jest.advanceTimersByTimeAsync(0);
    expect(l.state.calls).toBe(5);
    // While the probe is out, everyone else still fails fast.
    expect(await outcome(l.op.load(newAdapterContext(), 'other'))).toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(l.state.calls).toBe(5);

    l.answer();
    expect(await probe).toBe('PROBE');
    expect(l.op.breaker.closed).toBe(true);
    expect(await breakerState(l.department)).toBe(0);
    expect(await transitions(l.department)).toEqual({ open: 1, 'half-open': 1, closed: 1 });

    const after = l.op.load(newAdapterContext(), 'after');
    await jest.advanceTimersByTimeAsync(0);
    l.answer();
    expect(await after).toBe('AFTER');
    expect(l.state.calls).toBe(6);
  });

  it('opens again for another resetTimeoutMs when the probe fails', async () => {
    const l = legacy();
    for (let i = 0; i < 4; i++) await outcome(l.op.load(newAdapterContext(), `k${i}`));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(await outcome(l.op.load(newAdapterContext(), 'probe'))).toMatchObject({
      code: 'DEPARTMENT_UNAVAILABLE',
    });
    expect(l.op.breaker.opened).toBe(true);
    expect(await breakerState(l.department)).toBe(2);
    expect(await outcome(l.op.load(newAdapterContext(), 'next'))).toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(l.state.calls).toBe(5);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(await breakerState(l.department)).toBe(1);
    expect(await transitions(l.department)).toEqual({ open: 2, 'half-open': 2 });
  });

  it('does not count client-side errors towards opening', async () => {
    const department = `half-open-${++serial}`;
    let calls = 0;
    const op = new LegacyOperation<string, string>({
      department,
      name: 'licence.byUscc',
      policy: { retry: { attempts: 0 }, breaker: { volumeThreshold: 1, errorThresholdPercentage: 1 } },
      batch: async () => {
        calls++;
        throw new DataLayerError('INVALID_CREDIT_CODE', 'bad check character', { department });
      },
    });
    for (let i = 0; i < 5; i++)
      expect(await outcome(op.load(newAdapterContext(), `k${i}`))).toMatchObject({
        code: 'INVALID_CREDIT_CODE',
      });
    expect(calls).toBe(5);
    expect(op.breaker.closed).toBe(true);
    expect(await breakerState(department)).toBe(0);
  });
});
