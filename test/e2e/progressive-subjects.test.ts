import { legacyPolicy } from '../faults/policy';
// Public security waits as long as the request may: while it hangs only the gateway decides who
// else is asked. No breaker: each hang below is a story of its own.
process.env.LEGACY_POLICY = legacyPolicy(
  {},
  {
    'public-security': { timeoutMs: 60_000, breaker: { volumeThreshold: 1_000_000 }, retry: { attempts: 0 } },
  },
);
import { request } from 'undici';
import { COUNTER_VIEW_QUERY } from '../../gateway/first-query';
import { GOLDEN as G } from '../../mocks/data/golden';
import { traceIdOf, traceparent } from '../audit/workload';
import { startStack, type Caller, type GraphQLReply, type Stack } from '../helpers/stack';
import { windowOfficer, ZHANG_WEI_CASE } from '../security/access-callers';

/** Li Na's case (HR-001); the restaurant's (HL-002, the applicant a company). */
const LI_NA_CASE = 'C2026112400001';
const RESTAURANT_CASE = 'C2026112000001';

/**
 * Under a `case:` purpose the gateway works out whose data the request may touch (the applicant,
 * their minor children, the companies they represent) while the request already runs on the part
 * known at once (the applicant): a department asked about someone outside that part withholds
 * its answer (SUBJECTS_INCOMPLETE) and is asked again with the whole set. Each test starts a
 * gateway of its own, so its subject cache is empty.
 */
describe('a case purpose’s subjects, worked out while the request runs', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ people: 30, requestTimeoutMs: 60_000 });
  }, 60_000);
  afterAll(() => stack?.close());

  const freshGateway = async () => (await stack.startGateway()).url;
  const ask = async (
    url: string,
    query: string,
    variables: Record<string, unknown>,
    as: Caller,
  ): Promise<GraphQLReply> => {
    const res = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-channel': 'counter',
        ...(await stack.authHeaders(as)),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.statusCode, body: (await res.body.json()) as GraphQLReply['body'] };
  };

  it('answers the first counter view of a case whole, and records each read once, none denied', async () => {
    const url = await freshGateway();
    const traceId = traceIdOf('5ab1', 1);
    const officer = {
      ...windowOfficer(`case:${ZHANG_WEI_CASE}`),
      headers: { traceparent: traceparent(traceId) },
    };
    const first = await ask(url, COUNTER_VIEW_QUERY, { id: G.zhangWei }, officer);
    expect(first.body.errors).toBeUndefined();
    const person = first.body.data?.person as {
      name: string;
      companies: { uscc: string; taxStatus: unknown }[];
    };
    expect(person.name).toBe('张伟');
    expect(person.companies.map((c) => c.uscc)).toEqual([G.restaurant]);
    expect(person.companies[0]!.taxStatus).not.toBeNull();
    // The same view again (the whole set now cached from the start): the same answer.
    const again = await ask(
      url,
      COUNTER_VIEW_QUERY,
      { id: G.zhangWei },
      windowOfficer(`case:${ZHANG_WEI_CASE}`),
    );
    expect(again.body).toEqual(first.body);

    const records = await stack.audit.query({ traceId, kind: 'read', limit: 1000 });
    expect(records.filter((r) => r.outcome === 'denied')).toEqual([]);
    const restaurantReads = records.filter(
      (r) =>
        r.department === 'market-supervision' && r.entityType === 'Company' && r.entityId === G.restaurant,
    );
    expect(restaurantReads).toHaveLength(1);
    expect(restaurantReads[0]!.outcome).toBe('returned');
  });

  it('asks human resources while public security has not answered the access check', async () => {
    const url = await freshGateway();
    const ps = stack.mocks['public-security']!.controller;
    const hr = stack.mocks['human-resources']!.controller;
    ps.set({ hang: true });
    try {
      const [psBefore, hrBefore] = [ps.stats().requests, hr.stats().requests];
      let answered = false;
      const reply = ask(url, COUNTER_VIEW_QUERY, { id: G.liNa }, windowOfficer(`case:${LI_NA_CASE}`)).then(
        (r) => ((answered = true), r),
      );
      // Without it human resources would wait for public security's children look-up: a minute here.
      for (let waited = 0; hr.stats().requests === hrBefore; waited += 5) {
        if (waited > 10_000) throw new Error('human resources was not asked while public security hung');
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(answered).toBe(false);
      expect(ps.stats().requests).toBeGreaterThan(psBefore);
      ps.set({ refuse: true });
      const { body } = await reply;
      const person = body.data?.person as { socialSecurity: { status: string } | null } | null;
      expect(person?.socialSecurity?.status).toBeDefined();
      // Public security's own fields fail, and so does what needed the whole set (it needed public security).
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      expect(codes.length).toBeGreaterThan(0);
      expect(codes).not.toContain('SUBJECTS_INCOMPLETE');
      expect((body.errors ?? []).every((e) => e.extensions?.department === 'public-security')).toBe(true);
    } finally {
      ps.clear();
    }
  }, 30_000);

  it('lets a root field name the applicant’s minor child once the set is known, and refuses a stranger', async () => {
    const url = await freshGateway();
    const officer = windowOfficer(`case:${ZHANG_WEI_CASE}`);
    const child = await ask(
      url,
      'query C($id: ID!) { person(id: $id) { name } }',
      { id: G.zhangXiaoyu },
      officer,
    );
    expect(child.body).toEqual({ data: { person: { name: '张晓玥' } } });
    const stranger = await ask(
      url,
      'query S($id: ID!) { person(id: $id) { name } }',
      { id: G.wangQiang },
      officer,
    );
    expect(stranger.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('reads a company applicant’s legal representative once the set is known', async () => {
    const url = await freshGateway();
    const reply = await ask(
      url,
      'query R($u: ID!) { company(uscc: $u) { name legalRepresentative { id name } } }',
      { u: G.restaurant },
      windowOfficer(`case:${RESTAURANT_CASE}`),
    );
    expect(reply.body).toEqual({
      data: {
        company: { name: '上海普陀张记餐饮有限公司', legalRepresentative: { id: G.zhangWei, name: '张伟' } },
      },
    });
  });

  // Last: it fills the caches with Li Na's records, which the hang above needs to be cold.
  it('looks up nothing beyond the case for a view that shows only the applicant', async () => {
    const url = await freshGateway();
    const traceId = traceIdOf('5ab1', 2);
    const officer = {
      ...windowOfficer(`case:${LI_NA_CASE}`),
      headers: { traceparent: traceparent(traceId) },
    };
    const reply = await ask(
      url,
      'query A($id: ID!) { person(id: $id) { name socialSecurity { status } } }',
      { id: G.liNa },
      officer,
    );
    expect(reply.body).toEqual({
      data: { person: { name: '李娜', socialSecurity: { status: 'CONTRIBUTING' } } },
    });
    // Li Na has a minor child and represents a company: neither was read to answer this.
    const lookUps = await stack.audit.query({ traceId, purpose: 'ACCESS-CHECK', limit: 100 });
    expect(lookUps.map((r) => `${r.department} ${r.entityType}`)).toEqual(['service-center Case']);
  });
});
