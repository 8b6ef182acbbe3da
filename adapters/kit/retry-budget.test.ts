import { RetryBudget } from './bulkhead';

/** Asks for `n` retries and says how many were allowed. */
function askRetries(budget: RetryBudget, n: number): number {
  let allowed = 0;
  for (let i = 0; i < n; i++) if (budget.tryRetry()) allowed++;
  return allowed;
}

describe('RetryBudget', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('allows minPerSecond retries in a second even with no first attempts, then refuses and counts it', () => {
    const budget = new RetryBudget(20, 2);
    expect(askRetries(budget, 5)).toBe(2);
    expect(budget.counts).toEqual({ retries: 2, denied: 3 });
  });

  it('allows budgetPercent % of first attempts as retries', () => {
    const budget = new RetryBudget(20, 0);
    for (let i = 0; i < 100; i++) budget.recordAttempt();
    expect(askRetries(budget, 30)).toBe(20);
    expect(budget.counts).toEqual({ retries: 20, denied: 10 });
  });

  it('earns a retry per 1/budgetPercent first attempts, not before', () => {
    const budget = new RetryBudget(25, 0);
    for (let i = 0; i < 3; i++) budget.recordAttempt();
    expect(budget.tryRetry()).toBe(false);
    budget.recordAttempt();
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
  });

  it('adds the per-second allowance on top of the percentage', () => {
    const budget = new RetryBudget(10, 3);
    for (let i = 0; i < 50; i++) budget.recordAttempt();
    expect(askRetries(budget, 20)).toBe(3 + 5);
  });

  it('renews the per-second allowance after a second, not before', () => {
    const budget = new RetryBudget(0, 2);
    expect(askRetries(budget, 3)).toBe(2);
    jest.advanceTimersByTime(999);
    expect(askRetries(budget, 3)).toBe(0);
    jest.advanceTimersByTime(1);
    expect(askRetries(budget, 3)).toBe(2);
    expect(budget.counts).toEqual({ retries: 4, denied: 5 });
  });

  it('keeps at most about a hundred first attempts of savings', () => {
    const budget = new RetryBudget(20, 0);
    for (let i = 0; i < 10_000; i++) budget.recordAttempt();
    expect(askRetries(budget, 100)).toBe(20);
  });

  it('allows no retries at all with budgetPercent 0 and minPerSecond 0', () => {
    const budget = new RetryBudget(0, 0);
    for (let i = 0; i < 1_000; i++) budget.recordAttempt();
    expect(askRetries(budget, 10)).toBe(0);
    expect(budget.counts).toEqual({ retries: 0, denied: 10 });
  });
});
