import { CALL_TIMEOUT_MS, MATRIX_POLICY, legacyPolicy } from './policy';
/** Calls in the rolling window before housing's breaker may open. */
const VOLUME_THRESHOLD = 5;
/** How long housing's breaker stays open before its half-open probe, in ms. */
const RESET_TIMEOUT_MS = 1_000;
process.env.LEGACY_POLICY = legacyPolicy(MATRIX_POLICY, {
  housing: {
    breaker: {
      volumeThreshold: VOLUME_THRESHOLD,
      errorThresholdPercentage: 50,
      rollingWindowMs: 30_000,
      resetTimeoutMs: RESET_TIMEOUT_MS,
    },
    // One call per view, so the mock's counter is the breaker's count.
    retry: { attempts: 0 },
  },
});
import { breakerStates } from '../../adapters/kit/operation';
import { startStack, type GraphQLReply, type Stack } from '../helpers/stack';
import { errorShapes, nullAt, timedCounterView } from './counter-view';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PROPERTIES = ['person', 'properties'];

describe("housing's circuit breaker, seen through the counter view", () => {
  let stack: Stack;
  let healthy: GraphQLReply;
  const housingCalls = () => stack.legacyRequests().housing;
  const state = () => breakerStates().housing?.['properties.byOwner'];

  /** One view, which must be complete except housing's properties, failed with `code`. */
  async function viewFailing(code: string): Promise<number> {
    const { reply, ms } = await timedCounterView(stack);
    expect({ data: reply.body.data, errors: errorShapes(reply) }).toEqual({
      data: nullAt(healthy.body.data, [PROPERTIES]),
      errors: [{ path: PROPERTIES, extensions: { code, department: 'housing' } }],
    });
    return ms;
  }

  beforeAll(async () => {
    stack = await startStack({ people: 20, requestTimeoutMs: 1_500, tax: { busyTimeoutMs: 200 } });
    // The window now holds exactly one successful call to housing.
    healthy = (await timedCounterView(stack)).reply;
    stack.resetCounters();
  }, 60_000);
  afterAll(() => stack?.close());

  it('opens after its threshold, then fails fast with CIRCUIT_OPEN without calling the system', async () => {
    expect(state()).toBe('closed');
    stack.mocks.housing!.controller.set({ hang: true });
    // With the baseline's success in the window, the 4th timeout makes 5 calls (the volume threshold), 80% failed.
    for (let i = 1; i <= VOLUME_THRESHOLD - 1; i++) {
      expect(await viewFailing('DEPARTMENT_TIMEOUT')).toBeGreaterThanOrEqual(CALL_TIMEOUT_MS);
      expect([housingCalls(), state()]).toEqual([i, i < VOLUME_THRESHOLD - 1 ? 'closed' : 'open']);
    }
    for (let i = 0; i < 5; i++) {
      // No wait for a timeout: housing (hung) is not called at all, so nothing can wait for it.
      // (How fast the view then answers is the faults bench's figure, not a unit test's.)
      await viewFailing('CIRCUIT_OPEN');
      expect(housingCalls()).toBe(VOLUME_THRESHOLD - 1);
    }
  });

  it('lets one probe through half-open after resetTimeoutMs, and opens again when it fails', async () => {
    await sleep(RESET_TIMEOUT_MS + 100);
    expect(state()).toBe('half-open');
    await viewFailing('DEPARTMENT_TIMEOUT');
    expect([housingCalls(), state()]).toEqual([VOLUME_THRESHOLD, 'open']);
    await viewFailing('CIRCUIT_OPEN');
    expect(housingCalls()).toBe(VOLUME_THRESHOLD);
  });

  it('stays open until the next probe even once the system healed, then closes on a good probe', async () => {
    stack.mocks.housing!.controller.clear();
    await viewFailing('CIRCUIT_OPEN');
    expect(housingCalls()).toBe(VOLUME_THRESHOLD);
    await sleep(RESET_TIMEOUT_MS + 100);
    expect(state()).toBe('half-open');
    const probe = await timedCounterView(stack);
    expect(probe.reply.body).toEqual(healthy.body);
    expect([housingCalls(), state()]).toEqual([VOLUME_THRESHOLD + 1, 'closed']);
    expect((await timedCounterView(stack)).reply.body).toEqual(healthy.body);
    expect(housingCalls()).toBe(VOLUME_THRESHOLD + 2);
  });
});
