import { legacyPolicy, LONG_CALL_TIMEOUT_MS, MATRIX_POLICY } from './policy';
/** Retries may add at most this share of first attempts, in %. */
const BUDGET_PERCENT = 20;
/** Retries always allowed each second, in retries/s. */
const MIN_PER_SECOND = 2;
// Nothing hangs here: timeouts long enough that a busy test process never passes for one.
process.env.LEGACY_POLICY = legacyPolicy(
  { ...MATRIX_POLICY, timeoutMs: LONG_CALL_TIMEOUT_MS },
  {
    'human-resources': {
      // Each request asks human resources itself: joining another request's call would hide its retries.
      coalesce: false,
      // Up to two retries each, almost no backoff: only the budget holds them back.
      retry: {
        attempts: 2,
        baseDelayMs: 1,
        maxDelayMs: 10,
        budgetPercent: BUDGET_PERCENT,
        minPerSecond: MIN_PER_SECOND,
      },
    },
  },
);
import { performance } from 'node:perf_hooks';
import { GOLDEN } from '../../mocks/data/golden';
import { startStack, type Stack } from '../helpers/stack';

const QUERY = 'query($id: ID!) { person(id: $id) { name socialSecurity { cardNumber status } } }';
/** Requests sent, each asking human resources once. */
const N = 300;
const CONCURRENCY = 6;

describe('the retry budget', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ people: 20, requestTimeoutMs: 1_500, tax: { busyTimeoutMs: 200 } });
  }, 60_000);
  afterAll(() => stack?.close());

  it('keeps legacy calls within N × (1 + budget) + minPerSecond × seconds at 50% errors', async () => {
    const healthy = await stack.query(QUERY, { id: GOLDEN.zhangWei });
    stack.resetCounters();
    stack.mocks['human-resources']!.controller.set({ errorRate: 0.5, seed: 1 });
    const replies: Awaited<ReturnType<Stack['query']>>[] = [];
    let sent = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < N) {
          sent++;
          replies.push(await stack.query(QUERY, { id: GOLDEN.zhangWei }));
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const calls = stack.legacyRequests()['human-resources']!;
    // The free retries are counted per started second of the budget's clock: at most one more window than whole seconds.
    const bound = N * (1 + BUDGET_PERCENT / 100) + MIN_PER_SECOND * (Math.ceil(seconds) + 1);
    expect(replies).toHaveLength(N);
    expect(calls).toBeGreaterThan(N); // it did retry...
    expect(calls).toBeLessThanOrEqual(bound); // ...within the budget: without it, 50% errors and 2 retries make ~1.75 N
    // Each reply is whole, or lacks only social security, with the failure retries could not hide.
    const failed = replies.filter((r) => r.body.errors);
    for (const r of replies.filter((r) => !r.body.errors)) expect(r.body).toEqual(healthy.body);
    for (const r of failed) {
      expect(r.body.data).toEqual({
        person: { ...(healthy.body.data!.person as object), socialSecurity: null },
      });
      expect(r.body.errors!.map((e) => e.extensions)).toEqual([
        { code: 'DEPARTMENT_UNAVAILABLE', department: 'human-resources' },
      ]);
    }
    // The budget let through fewer retries than failures: some failures reached the clients.
    expect(failed.length).toBeGreaterThan(0);
    stack.mocks['human-resources']!.controller.clear();
  });
});
