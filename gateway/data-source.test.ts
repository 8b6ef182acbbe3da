import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { MockAgent, type Agent } from 'undici';
import { DataLayerError } from '../adapters/kit/errors';
import type { Subjects, TrustContext } from '../trust/context/trust-context';
import type { GatewayContext } from './context';
import { poolFetcher, UndiciDataSource } from './data-source';
import { WholeSubjects } from './trust/whole-subjects';

const URL = 'http://market-supervision.test/graphql';
const QUERY = 'query Companies__market_supervision__1 { _entities { __typename } }';
const INCOMPLETE = {
  data: null,
  errors: [{ message: 'outside the known part', extensions: { code: 'SUBJECTS_INCOMPLETE' } }],
};
const ANSWER = { data: { _entities: [{ companies: [{ uscc: '91310107MA1FL3K2XE' }] }] } };

/** A data source over an undici MockAgent that answers `replies` in turn and notes each call's signed subjects. */
function setUp(replies: unknown[]) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: Subjects[] = [];
  const pool = agent.get('http://market-supervision.test');
  for (const reply of replies)
    pool.intercept({ path: '/graphql', method: 'POST' }).reply(200, () => reply, {
      headers: { 'content-type': 'application/json' },
    });
  // The signer records whose data each call was signed for.
  const sign = async (trust: TrustContext) => {
    seen.push({ ...trust.subjects });
    return 'signed';
  };
  const source = new UndiciDataSource(
    'market-supervision',
    URL,
    poolFetcher(agent as unknown as Agent),
    sign,
  );
  return { source, seen, agent };
}

/** One call's answer, without the HTTP reply the data source adds. */
async function request(source: UndiciDataSource, context: GatewayContext) {
  const { data, errors } = await source.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query: QUERY, variables: {} },
    context,
    incomingRequestContext: {} as never,
  });
  return errors ? { data, errors } : { data };
}

function contextWith(complete?: () => Promise<Subjects>): GatewayContext {
  const trust: TrustContext = {
    actor: { id: 'officer-0042', role: 'OFFICER', department: 'service-center', scopes: [], issuer: 'idp' },
    channel: 'counter',
    traceId: 't',
    subjects: { persons: ['310107199003070017'], companies: [], partial: true },
  };
  const ctx: GatewayContext = {
    traceId: 't',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    channel: 'counter',
    deadline: Date.now() + 5_000,
    trust,
  } as GatewayContext;
  if (complete) ctx.wholeSubjects = new WholeSubjects(trust, complete);
  return ctx;
}
const WHOLE: Subjects = { persons: ['310107199003070017'], companies: ['91310107MA1FL3K2XE'] };

/** Works out WHOLE, counting how often the look-ups ran. */
function lookUps() {
  const counted = { runs: 0, work: async () => (counted.runs++, WHOLE) };
  return counted;
}

describe('UndiciDataSource and a partial subject set', () => {
  it('asks again with the whole set when the subgraph met someone outside the part, then waits for it first', async () => {
    const { source, seen, agent } = setUp([INCOMPLETE, ANSWER, ANSWER]);
    const whole = lookUps();
    expect(await request(source, contextWith(whole.work))).toEqual(ANSWER);
    expect(seen.map((s) => !!s.partial)).toEqual([true, false]);
    expect(whole.runs).toBe(1);
    // The same operation in the next request waits for the whole set: one call, not two.
    expect(await request(source, contextWith(whole.work))).toEqual(ANSWER);
    expect(seen.map((s) => !!s.partial)).toEqual([true, false, false]);
    expect(whole.runs).toBe(2);
    agent.assertNoPendingInterceptors();
  });

  it('makes no look-up for a request whose departments meet no one outside the part', async () => {
    const { source, seen, agent } = setUp([ANSWER, ANSWER]);
    const whole = lookUps();
    const ctx = contextWith(whole.work);
    expect(await request(source, ctx)).toEqual(ANSWER);
    expect(await request(source, ctx)).toEqual(ANSWER);
    expect(seen.map((s) => !!s.partial)).toEqual([true, true]);
    expect(whole.runs).toBe(0);
    expect(ctx.wholeSubjects!.asked).toBe(false);
    agent.assertNoPendingInterceptors();
  });

  it('asks one waiting call in eight on the part, and stops waiting once most calls meet no one else', async () => {
    // The first call meets someone outside; the next seven wait; the eighth is asked on the part
    // and meets no one (1 of 2 calls now): from then on the operation is asked at once.
    const { source, seen, agent } = setUp([INCOMPLETE, ...Array<unknown>(10).fill(ANSWER)]);
    const whole = lookUps();
    for (let i = 0; i < 10; i++) expect(await request(source, contextWith(whole.work))).toEqual(ANSWER);
    expect(seen.map((s) => (s.partial ? 'part' : 'whole'))).toEqual([
      'part',
      'whole',
      ...Array<string>(7).fill('whole'),
      'part',
      'part',
    ]);
    expect(whole.runs).toBe(8);
    agent.assertNoPendingInterceptors();
  });

  it('fails the call as the department whose look-up failed, when the whole set could not be worked out', async () => {
    const { source, agent } = setUp([INCOMPLETE]);
    // As gateway/trust/subgraph-call.ts fails a look-up.
    const failed = () =>
      Promise.reject(
        new DataLayerError(
          'DEPARTMENT_UNAVAILABLE',
          'department public-security could not answer the access check',
          {
            department: 'public-security',
          },
        ),
      );
    expect(await request(source, contextWith(failed))).toEqual({
      data: null,
      errors: [
        {
          message: 'department public-security could not answer the access check',
          extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'public-security' },
        },
      ],
    });
    agent.assertNoPendingInterceptors();
  });

  it('passes SUBJECTS_INCOMPLETE through untouched when the request has no set to wait for (a bug elsewhere)', async () => {
    const { source } = setUp([INCOMPLETE]);
    const answer = await request(source, contextWith());
    expect(answer.errors?.[0]?.extensions?.code).toBe('SUBJECTS_INCOMPLETE');
  });
});
