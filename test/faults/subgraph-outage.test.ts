import { isDeepStrictEqual } from 'node:util';
import {
  DEADLINE_MARGIN_MS,
  LONG_CALL_TIMEOUT_MS,
  MATRIX_POLICY,
  REQUEST_TIMEOUT_MS,
  legacyPolicy,
} from './policy';
// No legacy system hangs here, and a restart builds a subgraph's schema in this very process: legacy
// timeouts long enough that a busy event loop never passes for a department that did not answer.
process.env.LEGACY_POLICY = legacyPolicy({ ...MATRIX_POLICY, timeoutMs: LONG_CALL_TIMEOUT_MS });
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { startStack, type GraphQLReply, type Stack } from '../helpers/stack';
import { FIELDS_OF, nullAt, timedCounterView } from './counter-view';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
interface Sample {
  /** Sent and answered, in ms of performance.now(). */
  sent: number;
  done: number;
  reply: GraphQLReply;
  ms: number;
}
interface Outage {
  samples: Sample[];
  /** When close() began and ended, when the restart began and ended (performance.now()). */
  closing: number;
  down: number;
  restarting: number;
  back: number;
}

/**
 * Four counter-console clients in a closed loop while `name`'s subgraph server closes and a new
 * instance starts on the same port: every answer the clients got, and when each step happened.
 */
async function underLoad(stack: Stack, name: string): Promise<Outage> {
  const samples: Sample[] = [];
  let running = true;
  const client = async () => {
    while (running) {
      const sent = performance.now();
      const { reply, ms } = await timedCounterView(stack);
      samples.push({ sent, done: performance.now(), reply, ms });
    }
  };
  const clients = Array.from({ length: 4 }, client);
  // Each phase lasts until two views have been sent and answered wholly inside it: on a busy
  // machine a view can take longer than any fixed pause, and a phase without views proves nothing.
  const twoViewsSince = async (t: number) => {
    const until = performance.now() + 15_000;
    while (samples.filter((x) => x.sent > t).length < 2 && performance.now() < until) await sleep(20);
  };
  await twoViewsSince(0);
  const closing = performance.now();
  await stack.subgraphs[name]!.close();
  const down = performance.now();
  await twoViewsSince(down);
  const restarting = performance.now();
  await stack.restartSubgraph(name);
  const back = performance.now();
  await twoViewsSince(back);
  running = false;
  await Promise.all(clients);
  return { samples, closing, down, restarting, back };
}

describe('a subgraph server that closes under load and comes back', () => {
  let stack: Stack;
  let healthy: GraphQLReply;
  beforeAll(async () => {
    stack = await startStack({
      people: 20,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      tax: { busyTimeoutMs: 200 },
      // Longer than the suite: the issuers' names the gateway keeps never expire in the middle of an outage.
      referenceCacheTtlMs: 3_600_000,
    });
    healthy = (await timedCounterView(stack)).reply;
  }, 60_000);
  afterAll(() => stack?.close());

  /** Checks every sample; `lost` are the fields the closed subgraph takes with it. */
  function expectPartialThenRecovered(name: string, outage: Outage, lost: (string | number)[][]) {
    const unavailable = { extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: name } };
    const { samples } = outage;
    // Wholly before the close, wholly while it was down, wholly after the new instance listened;
    // a view in flight across a step may have some of its fetches on either side of it.
    const up = samples.filter((s) => s.done < outage.closing);
    const down = samples.filter((s) => s.sent > outage.down && s.done < outage.restarting);
    const back = samples.filter((s) => s.sent > outage.back);
    for (const phase of [up, down, back]) expect(phase.length).toBeGreaterThan(0);
    for (const s of samples) {
      expect(s.reply.status).toBe(200);
      expect(s.ms).toBeLessThan(REQUEST_TIMEOUT_MS + DEADLINE_MARGIN_MS);
      // Whatever the moment, every other department's data is there and right, and the only errors
      // are the closed department's (compared together, so a failure shows the errors that came).
      expect({
        data: nullAt(s.reply.body.data, lost),
        otherErrors: (s.reply.body.errors ?? []).filter(
          (e) => !isDeepStrictEqual({ extensions: e.extensions }, unavailable),
        ),
      }).toEqual({ data: nullAt(healthy.body.data, lost), otherErrors: [] });
    }
    for (const s of [...up, ...back]) expect(s.reply.body).toEqual(healthy.body);
    for (const s of down) {
      expect(s.reply.body.data).toEqual(nullAt(healthy.body.data, lost));
      expect(s.reply.body.errors?.length).toBeGreaterThan(0);
    }
  }

  it.each(Object.keys(FIELDS_OF).filter((name) => name !== 'service-center'))(
    '%s: answers without its fields (DEPARTMENT_UNAVAILABLE) while it is down, and whole again once it is back',
    async (name) => {
      // The public security subgraph owns the `person` root field: with the whole subgraph gone
      // (not just its legacy system) there is no person to hang the other departments' data on.
      const lost = name === 'public-security' ? [['person']] : FIELDS_OF[name as keyof typeof FIELDS_OF];
      expectPartialThenRecovered(name, await underLoad(stack, name), lost);
      const health = await request(new URL('/health', stack.gateway.url));
      expect([health.statusCode, await health.body.text()]).toEqual([200, '{"status":"ok"}']);
    },
  );

  // The service centre holds the cases: they go, and nothing else does. It also names the
  // departments (Certificate.issuer), but the gateway keeps those names (reference-cache.ts).
  it('service-center: answers without the cases while it is down, the issuers named from the gateway’s reference cache', async () => {
    expectPartialThenRecovered('service-center', await underLoad(stack, 'service-center'), [
      ['person', 'cases'],
      ['person', 'companies', 0, 'cases'],
    ]);
  });
});
