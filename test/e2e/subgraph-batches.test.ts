import { request } from 'undici';
import { registry } from '../../adapters/kit/metrics';
import { COUNTER_VIEW_QUERY } from '../../gateway/first-query';
import { GOLDEN } from '../../mocks/data/golden';
import { MAX_BODY_BYTES } from '../../subgraphs/kit/apollo-http';
import { BATCH_HEADER, MAX_BATCH_ENTRIES, MAX_ENTRY_HEADER_BYTES } from '../../subgraphs/kit/batch';
import { bodyHash, CONTEXT_HEADER } from '../../trust/context/signed-context';
import type { TrustContext } from '../../trust/context/trust-context';
import { TEST_OFFICER, TEST_PURPOSE } from '../helpers/trust';
import { startStack, type Stack } from '../helpers/stack';

const PEOPLE = [GOLDEN.zhangWei, GOLDEN.liNa, GOLDEN.wangQiang, GOLDEN.chanKaMing, GOLDEN.zhouYan];

/**
 * A histogram's count and sum so far, over every label value, or those with `labels` (in process,
 * the gateway's and the subgraphs' share one registry).
 */
async function histogram(
  name: string,
  labels: Record<string, string> = {},
): Promise<{ count: number; sum: number }> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = (suffix: string) =>
    (metric?.values ?? [])
      .filter(
        (v) =>
          (v as { metricName?: string }).metricName?.endsWith(suffix) &&
          Object.entries(labels).every(([k, want]) => v.labels[k] === want),
      )
      .reduce((n, v) => n + v.value, 0);
  return { count: value('_count'), sum: value('_sum') };
}

/** The gateway's exchanges with subgraphs (calls they carried), and the batches subgraphs took (entries in them). */
async function batches() {
  return {
    sent: await histogram('owdl_gateway_subgraph_calls_per_exchange'),
    taken: await histogram('owdl_graphql_batch_entries'),
  };
}

/** The E2E-TEST officer's context for one subgraph call, as the gateway signs it. */
const officer: TrustContext = {
  actor: { id: TEST_OFFICER.sub, role: 'OFFICER', department: 'service-center', scopes: [], issuer: 'test' },
  channel: 'counter',
  purpose: { kind: 'statutory', code: TEST_PURPOSE },
  traceId: 'ab'.repeat(16),
  subjects: { persons: [], companies: [], any: true },
};

/**
 * The gateway sends the calls of one turn of its event loop to one subgraph as one batch
 * (gateway/subgraph-batches.ts, subgraphs/kit/batch.ts): the answers, the access checks and the
 * departments' audit records are those of the calls made one by one.
 */
describe('subgraph batches', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ people: 10 });
  }, 60_000);
  afterAll(() => stack?.close());

  /** Counter views of PEOPLE through `url`, all at once or one after the other: each answer, and the reads audited about each person. */
  async function views(url: string, together: boolean) {
    const from = new Date().toISOString();
    const headers = {
      'content-type': 'application/json',
      'x-channel': 'counter',
      ...(await stack.authHeaders()),
    };
    const view = async (id: string) => {
      const res = await request(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: COUNTER_VIEW_QUERY, variables: { id } }),
      });
      return {
        status: res.statusCode,
        body: (await res.body.json()) as { data?: unknown; errors?: unknown },
      };
    };
    const answers = together ? await Promise.all(PEOPLE.map(view)) : [];
    if (!together) for (const id of PEOPLE) answers.push(await view(id));
    const audited = await Promise.all(
      PEOPLE.map(async (id) =>
        (await stack.audit.query({ subject: `Person:${id}`, kind: 'read', from, limit: 1000 }))
          .map((r) => `${r.department} ${r.entityType} ${r.outcome}`)
          .sort(),
      ),
    );
    return { answers, audited };
  }

  it('answers concurrent counter views through batches exactly as one by one, and audits each call as its own', async () => {
    const single = await stack.startGateway({ batchSubgraphCalls: false });
    const batching = await stack.startGateway();
    const before = await batches();
    const alone = await views(single.url, false);
    const afterAlone = await batches();
    // Not one call of the unbatched gateway went through the batching fetcher, nor as a batch.
    expect(afterAlone).toEqual(before);
    const toPublicSecurity = () =>
      histogram('owdl_gateway_subgraph_calls_per_exchange', { subgraph: 'public-security' });
    const publicSecurityBefore = await toPublicSecurity();
    const batched = await views(batching.url, true);
    const after = await batches();
    // Counted by subgraph: every view's root fetch went to public security, and every fetcher has its name.
    expect((await toPublicSecurity()).sum - publicSecurityBefore.sum).toBeGreaterThanOrEqual(PEOPLE.length);
    expect((await histogram('owdl_gateway_subgraph_calls_per_exchange', { subgraph: 'unnamed' })).count).toBe(
      0,
    );

    expect(alone.answers.every((a) => a.status === 200 && !a.body.errors)).toBe(true);
    expect(batched.answers).toEqual(alone.answers);
    expect(batched.audited).toEqual(alone.audited);
    expect(alone.audited.every((records) => records.length > 0)).toBe(true);
    // Five views at once: the gateway sent some subgraph several of their calls in one exchange,
    // and the subgraphs took them as batches (none refused and sent again singly).
    expect(after.sent.sum - afterAlone.sent.sum).toBeGreaterThan(after.sent.count - afterAlone.sent.count);
    expect(after.taken.count - afterAlone.taken.count).toBeGreaterThan(0);
    expect(after.taken.sum - afterAlone.taken.sum).toBeGreaterThan(
      after.taken.count - afterAlone.taken.count,
    );
  });

  describe('a subgraph given a batch', () => {
    const query = 'query Who($id: ID!) { person(id: $id) { id name } }';
    const entry = async (id: string, context?: string) => {
      const variables = { id };
      const signed = await stack.trust.signer(officer, 'public-security', bodyHash(query, variables), 10);
      return {
        headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: context ?? signed },
        body: JSON.stringify({ query, variables }),
      };
    };
    const post = async (body: string) => {
      const res = await request(stack.subgraphs['public-security']!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [BATCH_HEADER]: '1' },
        body,
      });
      return { status: res.statusCode, batch: res.headers[BATCH_HEADER], text: await res.body.text() };
    };
    const lines = (text: string) =>
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { i: number; status: number; body: string })
        .sort((a, b) => a.i - b.i)
        .map((r) => ({ i: r.i, status: r.status, body: JSON.parse(r.body) as unknown }));

    it('answers each entry on its own: its signed context checked against its own body', async () => {
      // The signature with its sixth character changed (one whose six bits are all data, unlike the last's).
      const signed = (await entry(GOLDEN.liNa)).headers[CONTEXT_HEADER];
      const dot = signed.lastIndexOf('.') + 1;
      const forged =
        signed.slice(0, dot) +
        [...signed.slice(dot)].map((c, n) => (n === 5 ? (c === 'A' ? 'B' : 'A') : c)).join('');

      const reply = await post(
        JSON.stringify([
          await entry(GOLDEN.zhangWei),
          await entry(GOLDEN.liNa, forged),
          await entry(GOLDEN.wangQiang),
        ]),
      );
      expect([reply.status, reply.batch]).toEqual([200, '1']);
      const answers = lines(reply.text);
      expect(answers.map((a) => [a.i, a.status])).toEqual([
        [0, 200],
        [1, 401],
        [2, 200],
      ]);
      expect(answers[0]!.body).toMatchObject({ data: { person: { id: GOLDEN.zhangWei } } });
      expect(answers[1]!.body).toMatchObject({ errors: [{ extensions: { code: 'CONTEXT_REQUIRED' } }] });
      expect(answers[2]!.body).toMatchObject({ data: { person: { id: GOLDEN.wangQiang } } });
    });

    it('refuses a body that is no batch (BAD_REQUEST) and one of too many entries (REQUEST_TOO_LARGE), as a batch answer', async () => {
      const codeOf = (text: string) =>
        (JSON.parse(text) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;
      const notJson = await post('[{');
      expect([notJson.status, notJson.batch, codeOf(notJson.text)]).toEqual([400, '1', 'BAD_REQUEST']);
      const notEntries = await post(JSON.stringify([{ headers: {}, body: 1 }]));
      expect([notEntries.status, codeOf(notEntries.text)]).toEqual([400, 'BAD_REQUEST']);
      const one = await entry(GOLDEN.zhangWei);
      const tooMany = await post(JSON.stringify(Array.from({ length: MAX_BATCH_ENTRIES + 1 }, () => one)));
      expect([tooMany.status, tooMany.batch, codeOf(tooMany.text)]).toEqual([413, '1', 'REQUEST_TOO_LARGE']);
      const bigHeaders = await post(
        JSON.stringify([
          { ...one, headers: { ...one.headers, 'x-big': 'x'.repeat(MAX_ENTRY_HEADER_BYTES) } },
        ]),
      );
      expect([bigHeaders.status, codeOf(bigHeaders.text)]).toEqual([413, 'REQUEST_TOO_LARGE']);
      // A body past MAX_BODY_BYTES: refused before it is read whole, still as a batch answer.
      const huge = await post(JSON.stringify([{ ...one, body: 'x'.repeat(MAX_BODY_BYTES) }]));
      expect([huge.status, huge.batch, codeOf(huge.text)]).toEqual([413, '1', 'REQUEST_TOO_LARGE']);
    });
  });
});
