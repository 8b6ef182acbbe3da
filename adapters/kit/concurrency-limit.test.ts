import { BASELINE_WINDOW, ConcurrencyLimit } from './concurrency-limit';

describe('ConcurrencyLimit', () => {
  it('allows one more call per unhurried call while keys wait, up to max', () => {
    const limit = new ConcurrencyLimit({ initial: 2, min: 1, max: 4 });
    limit.succeeded(200, true); // the first sets the baseline: 200 ms
    expect(limit.limit).toBe(3);
    limit.succeeded(290, true); // within 1.5 × 200
    expect(limit.limit).toBe(4);
    limit.succeeded(200, true);
    expect(limit.limit).toBe(4); // max
  });

  it('stays where it is without waiting keys, and between 1.5 and 2 × the fastest', () => {
    const limit = new ConcurrencyLimit({ initial: 2, max: 8 });
    limit.succeeded(200, false);
    limit.succeeded(200, false);
    expect(limit.limit).toBe(2);
    limit.succeeded(350, true); // 1.75 × 200: neither fast nor slow
    expect(limit.limit).toBe(2);
  });

  it('allows one fewer per slow call (over 2 × the fastest), but slowness alone never goes below initial', () => {
    const limit = new ConcurrencyLimit({ initial: 2, max: 8 });
    for (let i = 0; i < 4; i++) limit.succeeded(100, true);
    expect(limit.limit).toBe(6);
    limit.succeeded(250, true);
    limit.succeeded(250, true);
    expect(limit.limit).toBe(4);
    for (let i = 0; i < 5; i++) limit.succeeded(1_000, true);
    expect(limit.limit).toBe(2);
  });

  it('halves on a failure, down to min, and grows back from there', () => {
    const limit = new ConcurrencyLimit({ initial: 8, min: 1, max: 8 });
    limit.failed();
    expect(limit.limit).toBe(4);
    limit.failed();
    limit.failed();
    limit.failed();
    expect(limit.limit).toBe(1);
    // Below initial after failures, a slow call keeps it where it is; fast ones with demand grow it.
    limit.succeeded(100, true);
    limit.succeeded(500, true);
    expect(limit.limit).toBe(2);
    limit.succeeded(100, true);
    expect(limit.limit).toBe(3);
  });

  it('forgets a fastest call older than two windows, so it follows a system that got slower for good', () => {
    const limit = new ConcurrencyLimit({ initial: 1, max: 100 });
    limit.succeeded(100, false);
    for (let i = 1; i < 2 * BASELINE_WINDOW; i++) limit.succeeded(300, false);
    expect(limit.baselineMs).toBe(300);
    limit.succeeded(400, true); // within 1.5 × 300 now
    expect(limit.limit).toBe(2);
  });

  it('keeps initial as its floor unless told a lower min', () => {
    const limit = new ConcurrencyLimit({ initial: 8, max: 16 });
    limit.succeeded(100, true);
    expect(limit.limit).toBe(9);
    limit.failed();
    expect(limit.limit).toBe(8);
  });

  it('is a fixed limit when min, initial and max are one number', () => {
    const limit = new ConcurrencyLimit({ initial: 3, min: 3, max: 3 });
    limit.succeeded(1, true);
    limit.failed();
    limit.succeeded(1_000, true);
    expect(limit.limit).toBe(3);
  });

  it.each([
    [{ initial: 0, max: 2 }, 'concurrency initial must be a positive integer: 0'],
    [{ initial: 2, max: 1.5 }, 'concurrency max must be a positive integer: 1.5'],
    [{ initial: 4, max: 2 }, 'concurrency must satisfy min <= initial <= max: 4, 4, 2'],
    [{ initial: 2, min: 3, max: 4 }, 'concurrency must satisfy min <= initial <= max: 3, 2, 4'],
  ])('refuses %j', (options, message) => {
    expect(() => new ConcurrencyLimit(options)).toThrow(message);
  });
});
