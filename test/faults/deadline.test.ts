import { DEADLINE_MARGIN_MS, MATRIX_POLICY, legacyPolicy } from './policy';
// Housing's own timeout is far longer than the request's deadline: the deadline must win.
process.env.LEGACY_POLICY = legacyPolicy(MATRIX_POLICY, { housing: { timeoutMs: 10_000 } });
import net from 'node:net';
import { startStack, type GraphQLReply, type Stack } from '../helpers/stack';
import { nullAt, timedCounterView } from './counter-view';

/** The gateway's deadline for one request in this file, in ms. */
const REQUEST_TIMEOUT_MS = 800;
const PROPERTIES = ['person', 'properties'];

describe("the request's deadline", () => {
  let stack: Stack;
  let healthy: GraphQLReply;
  beforeAll(async () => {
    stack = await startStack({
      people: 20,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      tax: { busyTimeoutMs: 200 },
    });
    // The first request pays for cold starts (connections, key imports); the baseline is a warm one.
    await timedCounterView(stack);
    healthy = (await timedCounterView(stack)).reply;
  }, 60_000);
  afterAll(() => stack?.close());

  it('ends a legacy call whose own timeout is longer, so the view still answers in time', async () => {
    stack.mocks.housing!.controller.set({ hang: true });
    try {
      const { reply, ms } = await timedCounterView(stack);
      expect(reply.body.data).toEqual(nullAt(healthy.body.data, [PROPERTIES]));
      expect(reply.body.errors?.map((e) => [e.path, e.extensions])).toEqual([
        [PROPERTIES, { code: 'DEPARTMENT_TIMEOUT', department: 'housing' }],
      ]);
      // Not before the deadline is nearly spent (the call waited as long as it could), not after it.
      expect(ms).toBeGreaterThan(REQUEST_TIMEOUT_MS - 250);
      expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + DEADLINE_MARGIN_MS);
    } finally {
      stack.mocks.housing!.controller.clear();
    }
  });

  it('ends the wait for a subgraph process that accepts the request and never answers (DEPARTMENT_TIMEOUT)', async () => {
    const port = Number(new URL(stack.subgraphs.housing!.url).port);
    await stack.subgraphs.housing!.close();
    // A stuck process on the subgraph's port: it takes connections and never says a word.
    const sockets = new Set<net.Socket>();
    const stuck = net.createServer((s) => sockets.add(s));
    await new Promise<void>((r) => stuck.listen(port, '127.0.0.1', () => r()));
    try {
      const { reply, ms } = await timedCounterView(stack);
      expect(reply.body.data).toEqual(nullAt(healthy.body.data, [PROPERTIES]));
      expect(reply.body.errors?.map((e) => e.extensions)).toEqual([
        { code: 'DEPARTMENT_TIMEOUT', department: 'housing' },
      ]);
      expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + DEADLINE_MARGIN_MS);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => stuck.close(() => r()));
    }
    await stack.restartSubgraph('housing');
    expect((await timedCounterView(stack)).reply.body).toEqual(healthy.body);
  });
});
