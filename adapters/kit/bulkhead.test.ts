import { Bulkhead } from './bulkhead';
import { DataLayerError } from './errors';

/** A call the test finishes by hand, recording when it started. */
function gate(started: string[], name: string) {
  let finish!: (v: string) => void;
  let fail!: (e: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const fn = () => {
    started.push(name);
    return done;
  };
  return { fn, finish: () => finish(name), fail: (e: Error) => fail(e) };
}

/** Lets promise callbacks (a slot handed over, a call started) run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('Bulkhead', () => {
  afterEach(() => jest.useRealTimers());

  it('runs at most maxConcurrent calls at once and queues the rest', async () => {
    const bulkhead = new Bulkhead('housing', 2, 10);
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd', 'e'].map((n) => gate(started, n));
    const runs = gates.map((g) => bulkhead.run(g.fn));
    await settle();
    expect(started).toEqual(['a', 'b']);
    expect([bulkhead.inFlight, bulkhead.queued]).toEqual([2, 3]);
    gates[0]!.finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    expect([bulkhead.inFlight, bulkhead.queued]).toEqual([2, 2]);
    for (const g of gates) g.finish();
    expect(await Promise.all(runs)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('starts queued calls in the order they arrived', async () => {
    const bulkhead = new Bulkhead('housing', 1, 10);
    const started: string[] = [];
    const gates = ['first', 'second', 'third', 'fourth'].map((n) => gate(started, n));
    const runs = gates.map((g) => bulkhead.run(g.fn));
    for (const g of gates) {
      await settle();
      g.finish();
    }
    await Promise.all(runs);
    expect(started).toEqual(['first', 'second', 'third', 'fourth']);
  });

  it('fails a call beyond maxQueue with BULKHEAD_FULL at once, naming the department', async () => {
    const bulkhead = new Bulkhead('housing', 1, 2);
    const started: string[] = [];
    const gates = ['a', 'b', 'c'].map((n) => gate(started, n));
    const runs = gates.map((g) => bulkhead.run(g.fn));
    const extra = jest.fn(async () => 'never');
    const error = await bulkhead.run(extra).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataLayerError);
    expect(error).toMatchObject({
      code: 'BULKHEAD_FULL',
      department: 'housing',
      message: 'housing: 1 calls in flight and 2 waiting',
    });
    expect(extra).not.toHaveBeenCalled();
    expect(bulkhead.rejected).toBe(1);
    expect([bulkhead.inFlight, bulkhead.queued]).toEqual([1, 2]);
    for (const g of gates) g.finish();
    await Promise.all(runs);
  });

  it('refuses any call that cannot start at once when maxQueue is 0', async () => {
    const bulkhead = new Bulkhead('housing', 1, 0);
    const a = gate([], 'a');
    const run = bulkhead.run(a.fn);
    await expect(bulkhead.run(async () => 'b')).rejects.toMatchObject({ code: 'BULKHEAD_FULL' });
    a.finish();
    await run;
  });

  it('fails a queued call whose deadline passes with DEPARTMENT_TIMEOUT and takes it off the queue', async () => {
    jest.useFakeTimers({ now: 1_000_000, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    const bulkhead = new Bulkhead('housing', 1, 5);
    const started: string[] = [];
    const a = gate(started, 'a');
    const late = gate(started, 'late');
    const patient = gate(started, 'patient');
    const runA = bulkhead.run(a.fn);
    const runLate = bulkhead.run(late.fn, 1_000_000 + 300).catch((e: unknown) => e);
    const runPatient = bulkhead.run(patient.fn, 1_000_000 + 10_000);
    expect(bulkhead.queued).toBe(2);
    await jest.advanceTimersByTimeAsync(299);
    expect(bulkhead.queued).toBe(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(await runLate).toMatchObject({
      code: 'DEPARTMENT_TIMEOUT',
      department: 'housing',
      message: "housing: the request's deadline passed while waiting for a slot",
    });
    expect([bulkhead.inFlight, bulkhead.queued]).toEqual([1, 1]);
    // The slot goes to the next live call, never to the one that gave up.
    a.finish();
    await runA;
    await settle();
    expect(started).toEqual(['a', 'patient']);
    patient.finish();
    await runPatient;
    expect([bulkhead.inFlight, bulkhead.queued]).toEqual([0, 0]);
  });

  it('hands slots over and frees them all, whether calls succeed or fail', async () => {
    const bulkhead = new Bulkhead('housing', 3, 20);
    let running = 0;
    let most = 0;
    const runs = Array.from({ length: 12 }, (_, i) =>
      bulkhead.run(async () => {
        running++;
        most = Math.max(most, running);
        await settle();
        running--;
        if (i % 3 === 0) throw new Error(`call ${i} failed`);
        return i;
      }),
    );
    const outcomes = await Promise.allSettled(runs);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(4);
    expect(most).toBe(3);
    expect([bulkhead.inFlight, bulkhead.queued, bulkhead.rejected]).toEqual([0, 0, 0]);
    // Still usable afterwards: all three slots are free again.
    const started: string[] = [];
    const gates = ['x', 'y', 'z'].map((n) => gate(started, n));
    const again = gates.map((g) => bulkhead.run(g.fn));
    await settle();
    expect([bulkhead.inFlight, bulkhead.queued]).toEqual([3, 0]);
    for (const g of gates) g.finish();
    await Promise.all(again);
    expect(bulkhead.inFlight).toBe(0);
  });

  it('frees the slot when the call throws synchronously', async () => {
    const bulkhead = new Bulkhead('housing', 1, 1);
    await expect(
      bulkhead.run(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect([bulkhead.inFlight, bulkhead.queued]).toEqual([0, 0]);
    await expect(bulkhead.run(async () => 'next')).resolves.toBe('next');
  });
});
