import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { createCache, RedisCache } from '../../adapters/kit/cache';
import { COUNTER_VIEW_QUERY } from '../../gateway/first-query';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import { buildPublicSecuritySubgraph } from '../../subgraphs/public-security/server';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/subgraph';
import { openAuditReader } from '../../trust/audit/open-audit-store';
import type { WritableAuditStore } from '../../trust/audit/reader';
import { verifyAudit, type VerifyReport } from '../../trust/audit/verify';
import { AGENT_OF_RESTAURANT, CITIZEN_ZHANG_WEI, OFFICER_ON_CASE } from '../audit/workload';
import { COUNTER_VIEW_ALL_DEPARTMENTS } from '../faults/counter-view';
import { startGatewayProcess, type GatewayRun } from '../helpers/gateway-process';
import { startStack, type Caller, type Channel, type GraphQLReply, type Stack } from '../helpers/stack';

const { REDIS_URL, DATABASE_URL, MARIADB_URL } = process.env;
if (!REDIS_URL || !DATABASE_URL)
  throw new Error('the scale-out suite needs REDIS_URL and DATABASE_URL (see .ci/run)');

const PEOPLE = 50;
/** Concurrent client loops of the mixed workload, and requests each sends (alternating A and B). */
const LOOPS = 6;
const PER_LOOP = 12;

/** One request of the mixed workload: what it asks, on which channel, as whom. */
interface Step {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  channel: Channel;
  caller: Caller;
}

const SUBMIT = `mutation Submit($input: SubmitCaseInput!) { submitCase(input: $input) { replayed case { id status } } }`;
const OWN_CASES = `query OwnCases($id: ID!) { person(id: $id) { cases { id } } }`;

/** The reads of the mixed workload; each answers the same through either gateway (compared with the in-process one). */
const READS: Step[] = [
  {
    name: "an officer's counter view on a case",
    query: COUNTER_VIEW_QUERY,
    variables: { id: GOLDEN.zhangWei },
    channel: 'counter',
    caller: OFFICER_ON_CASE,
  },
  {
    name: 'a citizen reading themself',
    query: 'query Self($id: ID!) { person(id: $id) { name birthDate householdAddress } }',
    variables: { id: GOLDEN.zhangWei },
    channel: 'portal',
    caller: CITIZEN_ZHANG_WEI,
  },
  {
    name: 'a citizen reading their minor child',
    query: 'query Child($id: ID!) { person(id: $id) { name certificates { id type } } }',
    variables: { id: GOLDEN.zhangXiaoyu },
    channel: 'portal',
    caller: CITIZEN_ZHANG_WEI,
  },
  {
    name: 'a company agent reading their company',
    query: 'query Own($u: ID!) { company(uscc: $u) { name licences { number } taxStatus { creditRating } } }',
    variables: { u: GOLDEN.restaurant },
    channel: 'app',
    caller: AGENT_OF_RESTAURANT,
  },
  {
    name: 'a citizen browsing the catalogue',
    query:
      'query Catalogue { departments { code name } matters(first: 3) { totalCount edges { node { code } } } }',
    channel: 'portal',
    caller: CITIZEN_ZHANG_WEI,
  },
];

/**
 * A submitCase of the workload, each with its own idempotency key: a citizen applying for their
 * minor child, or (the cross-gateway case) for themself.
 */
const submit = (key: string, applicant: string = GOLDEN.zhangXiaoyu): Step => ({
  name: 'a citizen submitting a case',
  query: SUBMIT,
  variables: { input: { matterCode: 'ED-001', applicant: { personId: applicant }, idempotencyKey: key } },
  channel: 'portal',
  caller: CITIZEN_ZHANG_WEI,
});

/**
 * An answer as the workload compares it: the person's own cases left out, since the workload's
 * submitCase adds cases while it runs.
 */
function comparable(reply: GraphQLReply): string {
  const data = structuredClone(reply.body.data) as { person?: { cases?: unknown } } | undefined;
  if (data?.person) delete data.person.cases;
  return JSON.stringify(data);
}

/** The E2E-TEST officer's counter view of every department (statutory purpose: no subject look-ups). */
const viewOf = (id: string): Step => ({
  name: 'the all-department counter view',
  query: COUNTER_VIEW_ALL_DEPARTMENTS,
  variables: { id },
  channel: 'counter',
  caller: {},
});

/**
 * Two gateway processes over one set of departments, sharing Redis (the legacy-record cache) and
 * PostgreSQL (cases and the audit trail), as the README's production topology runs them. Gateway A
 * and gateway B each have a public-security subgraph instance of their own (same builder, own
 * adapter, own Redis connection, one shared key prefix); the other departments' subgraphs are the
 * stack's, shared by both. What it proves:
 * - a mixed workload spread over both gateways answers without an error, and each read the same as
 *   the in-process gateway answers it;
 * - a case written through A is seen through B (one PostgreSQL store);
 * - the cache filled through A is hit through B: B's read of the same person makes no legacy call at
 *   all. For public security that is a hit across subgraph instances (B's instance never read the
 *   person: only Redis holds it); for the shared departments it shows the gateways keep no state a
 *   request depends on (the hit is in the same subgraph instance, on Redis);
 * - every audit chain verifies, both gateways' and both public-security instances' included.
 */
describe('two gateway processes sharing Redis and PostgreSQL', () => {
  let stack: Stack;
  const own: { subgraph: RunningSubgraph; audit: WritableAuditStore }[] = [];
  let gwA: GatewayRun & { url: string };
  let gwB: GatewayRun & { url: string };
  const world = loadWorld({ people: PEOPLE });
  /** A bulk person who represents a company (so the view asks all seven legacy systems), read by nothing before. */
  const unread = world.world.people.find(
    (p) =>
      !(Object.values(GOLDEN) as string[]).includes(p.id) &&
      (world.companiesByLegalRep.get(p.id)?.length ?? 0) > 0,
  )!.id;

  /** One request through a gateway process, as its channel app sends it. */
  const post = async (gateway: { url: string }, step: Step): Promise<GraphQLReply> => {
    const res = await request(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-channel': step.channel,
        ...(await stack.authHeaders(step.caller)),
      },
      body: JSON.stringify({ query: step.query, variables: step.variables }),
    });
    return { status: res.statusCode, body: (await res.body.json()) as GraphQLReply['body'] };
  };
  /** A public-security subgraph instance of its own on the shared Redis, with its own audit chain. */
  const publicSecurityInstance = async (prefix: string) => {
    const cache = createCache({ redisUrl: REDIS_URL, prefix });
    expect(cache).toBeInstanceOf(RedisCache);
    const def = buildPublicSecuritySubgraph({ url: stack.mocks['public-security']!.url, cache });
    const audit = await stack.trust.openAudit('public-security');
    const subgraph = await startSubgraph(def, { trust: stack.trust.subgraph(def.name, audit) });
    own.push({ subgraph, audit });
    return subgraph;
  };

  beforeAll(async () => {
    stack = await startStack({
      people: PEOPLE,
      redisUrl: REDIS_URL,
      databaseUrl: DATABASE_URL,
      mariadbUrl: MARIADB_URL,
    });
    const prefix = `owdl-scale:${randomBytes(4).toString('hex')}:`;
    const [psA, psB] = [await publicSecurityInstance(prefix), await publicSecurityInstance(prefix)];
    [gwA, gwB] = await Promise.all([
      startGatewayProcess(stack, { PUBLIC_SECURITY_SUBGRAPH_URL: psA.url }),
      startGatewayProcess(stack, { PUBLIC_SECURITY_SUBGRAPH_URL: psB.url }),
    ]);
  }, 120_000);
  afterAll(async () => {
    for (const gw of [gwA, gwB])
      if (gw && gw.proc.exitCode === null && gw.proc.signalCode === null) gw.proc.kill('SIGKILL');
    for (const { subgraph, audit } of own) {
      await subgraph.close();
      await audit.close();
    }
    await stack?.close();
  });

  it('runs a mixed workload spread over both gateways without an error, each read answered as by one gateway', async () => {
    const expected = new Map<string, GraphQLReply>();
    for (const step of READS)
      expected.set(step.name, await stack.query(step.query, step.variables, step.channel, step.caller));
    expect([...expected.values()].map((r) => [r.status, r.body.errors ?? []])).toEqual(
      READS.map(() => [200, []]),
    );
    const failures: string[] = [];
    const served = { A: 0, B: 0 };
    const loop = async (l: number) => {
      for (let i = 0; i < PER_LOOP; i++) {
        const via = (l + i) % 2 === 0 ? 'A' : 'B';
        const n = l * PER_LOOP + i;
        const step =
          n % (READS.length + 1) === READS.length
            ? submit(`scale-workload-${n}`)
            : READS[n % (READS.length + 1)]!;
        const reply = await post(via === 'A' ? gwA : gwB, step);
        served[via]++;
        const want = expected.get(step.name);
        if (reply.status !== 200 || reply.body.errors)
          failures.push(`${step.name} via ${via}: HTTP ${reply.status} ${JSON.stringify(reply.body.errors)}`);
        else if (want && comparable(reply) !== comparable(want))
          failures.push(`${step.name} via ${via}: ${JSON.stringify(reply.body)}`);
        else if (
          !want &&
          (reply.body.data?.submitCase as { replayed: boolean } | undefined)?.replayed !== false
        )
          failures.push(`${step.name} via ${via}: ${JSON.stringify(reply.body)}`);
      }
    };
    await Promise.all(Array.from({ length: LOOPS }, (_, l) => loop(l)));
    expect(failures).toEqual([]);
    expect(served).toEqual({ A: (LOOPS * PER_LOOP) / 2, B: (LOOPS * PER_LOOP) / 2 });
  }, 60_000);

  it('shows through gateway B a case submitted through gateway A (one store for both)', async () => {
    const submitted = await post(
      gwA,
      submit(`scale-across-${randomBytes(4).toString('hex')}`, GOLDEN.zhangWei),
    );
    const id = (submitted.body.data?.submitCase as { case: { id: string } }).case.id;
    const listed = await post(gwB, {
      name: 'own cases',
      query: OWN_CASES,
      variables: { id: GOLDEN.zhangWei },
      channel: 'portal',
      caller: CITIZEN_ZHANG_WEI,
    });
    expect(listed.body.errors).toBeUndefined();
    expect((listed.body.data?.person as { cases: { id: string }[] }).cases.map((c) => c.id)).toContain(id);
  });

  it('hits through gateway B the cache filled through gateway A: no legacy call at all', async () => {
    stack.resetCounters();
    const first = await post(gwA, viewOf(unread));
    const callsA = stack.legacyRequests();
    stack.resetCounters();
    const second = await post(gwB, viewOf(unread));
    const callsB = stack.legacyRequests();
    expect([first.status, first.body.errors, second.status, second.body.errors]).toEqual([
      200,
      undefined,
      200,
      undefined,
    ]);
    expect(second.body).toEqual(first.body);
    // Through A every legacy system was asked (public security by A's own instance)...
    expect(Object.entries(callsA).filter(([, n]) => n === 0)).toEqual([]);
    // ...through B none: B's public-security instance found the person in Redis, never having read it.
    expect(callsB).toEqual(Object.fromEntries(Object.keys(callsB).map((k) => [k, 0])));
  });

  describe('once both gateways drained', () => {
    let report: VerifyReport;
    beforeAll(async () => {
      for (const gw of [gwA, gwB]) gw.proc.kill('SIGTERM');
      expect([await gwA.exited, await gwB.exited]).toEqual([0, 0]);
      const reader = await openAuditReader({
        databaseUrl: DATABASE_URL,
        pgSchema: stack.trust.gatewayProcessEnv.AUDIT_PG_SCHEMA,
      });
      try {
        report = await verifyAudit(reader, stack.trust.auditPublicJwks);
      } finally {
        await reader.close();
      }
    }, 60_000);

    it('verifies every audit chain in PostgreSQL, both gateways’ and both public-security instances’ included', () => {
      expect(report.problems).toEqual([]);
      const chainOf = (pid: number) =>
        report.chains.filter((c) => c.writer.startsWith(`gateway@`) && c.writer.includes(`:${pid}:`));
      const gateways = [...chainOf(gwA.proc.pid!), ...chainOf(gwB.proc.pid!)];
      expect(gateways.map((c) => c.ok)).toEqual([true, true]);
      expect(gateways.every((c) => c.records > LOOPS)).toBe(true);
      const instances = report.chains.filter((c) => own.some((o) => o.audit.writer === c.writer));
      expect(instances.map((c) => c.ok)).toEqual([true, true]);
      expect(instances.every((c) => c.records > 0)).toBe(true);
    });
  });
});
