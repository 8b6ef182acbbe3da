import { legacyPolicy } from '../faults/policy';
// Public security waits as long as the request may (a minute): while it hangs only the gateway's
// plan decides who else is asked. No breaker: each hang below is a story of its own.
process.env.LEGACY_POLICY = legacyPolicy(
  {},
  {
    'public-security': { timeoutMs: 60_000, breaker: { volumeThreshold: 1_000_000 }, retry: { attempts: 0 } },
  },
);
import { request } from 'undici';
import { COUNTER_VIEW_QUERY } from '../../gateway/first-query';
import { loadWorld } from '../../mocks/data/generator';
import { startStack, type GraphQLReply, type Stack } from '../helpers/stack';

const PEOPLE = 30;
const GOLDEN = '310107199003070017';
/** A valid identity number nobody in the world has. */
const NOBODY = '110101200001010010';
const COMPANY_QUERY =
  'query C($u: ID!) { company(uscc: $u) { uscc name legalRepresentative { name } taxStatus { status } licences { type } } }';

/**
 * A root key lookup (`person(id:)`, `company(uscc:)`) runs the other departments' fetches of that
 * key beside the root fetch (gateway/speculation/): the same answers as the plain plan, for
 * people who exist, who do not, and when the root department is down; and the other
 * departments are asked while the root one has not answered yet.
 */
describe('key-lookup speculation through the gateway', () => {
  let stack: Stack;
  let plainUrl: string;
  const world = loadWorld({ people: PEOPLE });
  const bulk = world.world.people.filter((p) => !p.id.startsWith('3101071990')).map((p) => p.id);
  const companyId = world.world.companies[0]!.uscc;

  beforeAll(async () => {
    stack = await startStack({ people: PEOPLE, requestTimeoutMs: 60_000 });
    plainUrl = (await stack.startGateway({ speculateKeyLookups: false })).url;
  }, 60_000);
  afterAll(() => stack?.close());

  const ask = async (
    url: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<GraphQLReply> => {
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-channel': 'counter', ...(await stack.authHeaders()) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.statusCode, body: (await res.body.json()) as GraphQLReply['body'] };
  };
  /** The speculating gateway's answer (its second: the first request of an operation plans it) and the plain one's. */
  const both = async (query: string, variables: Record<string, unknown>) => {
    await ask(stack.gateway.url, query, variables);
    return {
      speculating: await ask(stack.gateway.url, query, variables),
      plain: await ask(plainUrl, query, variables),
    };
  };

  it('answers a counter view, a company and a person nobody has exactly as the plain plan does', async () => {
    for (const [query, variables] of [
      [COUNTER_VIEW_QUERY, { id: GOLDEN }],
      [COUNTER_VIEW_QUERY, { id: bulk[0] }],
      [COUNTER_VIEW_QUERY, { id: NOBODY }],
      [COMPANY_QUERY, { u: companyId }],
    ] as const) {
      const { speculating, plain } = await both(query, variables);
      expect(speculating).toEqual(plain);
      expect(speculating.status).toBe(200);
    }
    const golden = await ask(stack.gateway.url, COUNTER_VIEW_QUERY, { id: GOLDEN });
    expect((golden.body.data?.person as { name: string }).name).toBe('张伟');
    const nobody = await ask(stack.gateway.url, COUNTER_VIEW_QUERY, { id: NOBODY });
    expect(nobody.body).toEqual({ data: { person: null } });
  });

  it('refuses an invalid identity number once, as the plain plan does (the moved fetches’ refusals dropped)', async () => {
    const { speculating, plain } = await both(COUNTER_VIEW_QUERY, { id: '310107199003070018' });
    expect(speculating).toEqual(plain);
    expect(speculating.body.data).toEqual({ person: null });
    expect(speculating.body.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_IDENTITY_NUMBER']);
  });

  it('asks human resources while public security has not answered, and then answers as the plain plan does', async () => {
    const ps = stack.mocks['public-security']!.controller;
    const hr = stack.mocks['human-resources']!.controller;
    // Plan the operation on both gateways first, with someone else.
    await both(COUNTER_VIEW_QUERY, { id: bulk[3] });
    /** Asks with public security hung; once `probe` has looked, cuts public security's connections so it fails at once. */
    const whileHung = async (url: string, id: string, probe: () => Promise<void>) => {
      ps.set({ hang: true });
      try {
        const psBefore = ps.stats().requests;
        let answered = false;
        const reply = ask(url, COUNTER_VIEW_QUERY, { id }).then((r) => ((answered = true), r));
        while (ps.stats().requests === psBefore) await new Promise((r) => setTimeout(r, 5));
        await probe();
        expect(answered).toBe(false);
        ps.set({ refuse: true });
        return await reply;
      } finally {
        ps.clear();
      }
    };
    const hrBefore = hr.stats().requests;
    const speculating = await whileHung(stack.gateway.url, bulk[1]!, async () => {
      // Without speculation human resources would wait for public security, a minute here.
      for (let waited = 0; hr.stats().requests === hrBefore; waited += 5) {
        if (waited > 10_000) throw new Error('human resources was not asked while public security hung');
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    // The plain plan asks nobody else while public security has not answered.
    const hrPlain = hr.stats().requests;
    await whileHung(plainUrl, bulk[2]!, async () => {
      await new Promise((r) => setTimeout(r, 300));
      expect(hr.stats().requests).toBe(hrPlain);
    });
    // Public security's fields fail, the other departments' answers stay: as the plain plan answers.
    ps.set({ refuse: true });
    const plain = await ask(plainUrl, COUNTER_VIEW_QUERY, { id: bulk[1] }).finally(() => ps.clear());
    expect(speculating.body).toEqual(plain.body);
    expect(speculating.body.errors?.map((e) => [e.path, e.extensions])).toEqual(
      ['name', 'documentType', 'birthDate'].map((f) => [
        ['person', f],
        { code: 'DEPARTMENT_UNAVAILABLE', department: 'public-security' },
      ]),
    );
    expect((speculating.body.data?.person as { id: string }).id).toBe(bulk[1]);
  }, 30_000);
});
