import type { DataLayerError } from '../../adapters/kit/errors';
import type { Role } from '../../trust/actor';
import { createAuditResolvers } from './resolvers';
import {
  contextFor,
  contextWithoutTrust,
  FakeAuditStore,
  NOW,
  LI_NA,
  refs,
  RESTAURANT,
  seedTrail,
  startHarness,
  TRACE,
  ZHANG_WEI,
  type Harness,
} from './test-support';

const RECORDS = /* GraphQL */ `
  query ($filter: AccessRecordFilter!) {
    accessRecords(filter: $filter) {
      records {
        writer
        seq
      }
      hasNextPage
    }
  }
`;
const TRACE_QUERY = /* GraphQL */ `
  query ($traceId: ID!) {
    requestTrace(traceId: $traceId) {
      traceId
      subjects
    }
  }
`;
const HISTORY = /* GraphQL */ `
  query {
    me {
      actorId
      accessHistory {
        records {
          writer
          seq
        }
      }
    }
  }
`;
const ME = /* GraphQL */ `
  query {
    me {
      actorId
      role
      channel
      person {
        id
      }
      company {
        uscc
      }
    }
  }
`;

const citizen = () => contextFor('CITIZEN', { id: ZHANG_WEI, person: ZHANG_WEI });
const agent = () => contextFor('COMPANY_AGENT', { id: 'agent-77', company: RESTAURANT }, { channel: 'app' });
const officer = () =>
  contextFor(
    'OFFICER',
    { id: 'officer-0042', department: 'service-center' },
    { channel: 'counter', purpose: { kind: 'case', caseId: 'C2026112000001' } },
  );
const service = () => contextFor('SERVICE', { id: 'terminal-putuo-03', client: 'terminal-putuo-03' });
const auditor = () => contextFor('AUDITOR', { id: 'auditor-7' }, { channel: 'counter' });

describe('audit views: who may see what', () => {
  let h: Harness;
  let r: ReturnType<typeof seedTrail>;
  beforeEach(async () => {
    h = await startHarness();
    r = seedTrail(h.store);
  });
  afterEach(() => h.stop());

  it('lets an auditor search the whole trail', async () => {
    expect(await h.run(RECORDS, { filter: { person: LI_NA } }, auditor())).toEqual({
      data: {
        accessRecords: {
          records: refs(r.r6, r.r1),
          hasNextPage: false,
        },
      },
    });
  });

  it('lets an auditor rebuild a request', async () => {
    expect(await h.run(TRACE_QUERY, { traceId: TRACE.counter }, auditor())).toEqual({
      data: {
        requestTrace: { traceId: TRACE.counter, subjects: [`Person:${LI_NA}`, `Person:${ZHANG_WEI}`] },
      },
    });
  });

  it.each<[string, () => ReturnType<typeof contextFor>]>([
    ['CITIZEN', citizen],
    ['COMPANY_AGENT', agent],
    ['OFFICER', officer],
    ['SERVICE', service],
  ])(
    'refuses accessRecords to a %s, even about their own data, before reading the store',
    async (role, ctx) => {
      const filter = role === 'COMPANY_AGENT' ? { company: RESTAURANT } : { person: ZHANG_WEI };
      expect(await h.run(RECORDS, { filter }, ctx())).toEqual({
        data: null,
        errors: [
          {
            message: `Query.accessRecords is not open to ${role}`,
            path: ['accessRecords'],
            extensions: { code: 'FORBIDDEN', department: 'audit' },
          },
        ],
      });
      expect(h.store.queries).toEqual([]);
      expect(h.store.ownRecords()).toEqual([]);
    },
  );

  it.each<[string, () => ReturnType<typeof contextFor>]>([
    ['CITIZEN', citizen],
    ['COMPANY_AGENT', agent],
    ['OFFICER', officer],
    ['SERVICE', service],
  ])('refuses requestTrace to a %s', async (role, ctx) => {
    expect(await h.run(TRACE_QUERY, { traceId: TRACE.ownRead }, ctx())).toEqual({
      data: { requestTrace: null },
      errors: [
        {
          message: `Query.requestTrace is not open to ${role}`,
          path: ['requestTrace'],
          extensions: { code: 'FORBIDDEN', department: 'audit' },
        },
      ],
    });
    expect(h.store.queries).toEqual([]);
  });

  it("shows a citizen who accessed their data (any actor, themself included), never another person's", async () => {
    const answer = await h.run(HISTORY, {}, citizen());
    expect(answer).toEqual({
      data: {
        me: {
          actorId: ZHANG_WEI,
          accessHistory: {
            records: refs(r.r12, r.r8, r.r5, r.r4, r.r3),
          },
        },
      },
    });
    // His read of his son's record (r9) is about his son, not him; the store was asked by subject alone.
    expect(h.store.queries).toEqual([{ subject: `Person:${ZHANG_WEI}`, limit: 51 }]);
  });

  it("shows a company agent the accesses to their company's data", async () => {
    expect(await h.run(HISTORY, {}, agent())).toEqual({
      data: {
        me: {
          actorId: 'agent-77',
          accessHistory: { records: refs(r.r11, r.r10) },
        },
      },
    });
  });

  it.each<[Role, () => ReturnType<typeof contextFor>]>([
    ['OFFICER', officer],
    ['AUDITOR', auditor],
    ['SERVICE', service],
  ])('refuses an access history to a %s: an error on that field', async (role, ctx) => {
    expect(await h.run(HISTORY, {}, ctx())).toEqual({
      data: null,
      errors: [
        {
          message: `an access history is kept for a citizen's person or a company agent's company, not for a ${role}`,
          path: ['me', 'accessHistory'],
          extensions: { code: 'FORBIDDEN', department: 'audit' },
        },
      ],
    });
    expect(h.store.queries).toEqual([]);
  });

  it('refuses an access history to a citizen token that names no person', async () => {
    const answer = await h.run(HISTORY, {}, contextFor('CITIZEN', { id: 'anonymous' }));
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(answer.data).toBeNull();
  });

  it('tells each actor who they are, with their person or company as a reference', async () => {
    expect((await h.run(ME, {}, citizen())).data).toEqual({
      me: {
        actorId: ZHANG_WEI,
        role: 'CITIZEN',
        channel: 'portal',
        person: { id: ZHANG_WEI },
        company: null,
      },
    });
    expect((await h.run(ME, {}, agent())).data).toEqual({
      me: {
        actorId: 'agent-77',
        role: 'COMPANY_AGENT',
        channel: 'app',
        person: null,
        company: { uscc: RESTAURANT },
      },
    });
    expect((await h.run(ME, {}, officer())).data).toEqual({
      me: { actorId: 'officer-0042', role: 'OFFICER', channel: 'counter', person: null, company: null },
    });
    expect((await h.run(ME, {}, auditor())).data).toEqual({
      me: { actorId: 'auditor-7', role: 'AUDITOR', channel: 'counter', person: null, company: null },
    });
    // Knowing who you are reads no one's data: nothing is recorded.
    expect(h.store.ownRecords()).toEqual([]);
  });

  it('answers nothing without a signed context', async () => {
    for (const q of [ME, HISTORY]) {
      const answer = await h.run(q, {}, contextWithoutTrust());
      expect(answer.data).toBeNull();
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['CONTEXT_REQUIRED']);
    }
    const answer = await h.run(RECORDS, { filter: { person: ZHANG_WEI } }, contextWithoutTrust());
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['CONTEXT_REQUIRED']);
    expect(h.store.queries).toEqual([]);
  });
});

describe('audit resolvers on their own (defence in depth, should the policy be loosened)', () => {
  const store = new FakeAuditStore();
  const resolvers = createAuditResolvers({ store: async () => store, now: () => NOW }) as unknown as {
    Query: Record<string, (parent: unknown, args: unknown, ctx: unknown, info: unknown) => unknown>;
  };
  const call = async (field: string, args: unknown, ctx: unknown) => {
    try {
      await resolvers.Query[field]!(undefined, args, ctx, undefined);
    } catch (e) {
      return (e as DataLayerError).code;
    }
    return 'answered';
  };

  it('refuses every view to a request without a signed context: FORBIDDEN', async () => {
    expect(await call('accessRecords', { filter: { person: ZHANG_WEI } }, contextWithoutTrust())).toBe(
      'FORBIDDEN',
    );
    expect(await call('requestTrace', { traceId: TRACE.counter }, contextWithoutTrust())).toBe('FORBIDDEN');
    expect(await call('me', {}, contextWithoutTrust())).toBe('FORBIDDEN');
  });

  it('refuses the auditor views to every other role: FORBIDDEN', async () => {
    for (const ctx of [citizen(), agent(), officer(), service()]) {
      expect(await call('accessRecords', { filter: { person: ZHANG_WEI } }, ctx)).toBe('FORBIDDEN');
      expect(await call('requestTrace', { traceId: TRACE.counter }, ctx)).toBe('FORBIDDEN');
    }
    expect(store.queries).toEqual([]);
  });
});
