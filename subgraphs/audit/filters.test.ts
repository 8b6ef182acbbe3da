import {
  contextFor,
  draft,
  LI_NA,
  refs,
  RESTAURANT,
  seedTrail,
  startHarness,
  TRACE,
  ZHANG_WEI,
  WRITERS,
  type Harness,
} from './test-support';

const RECORDS = /* GraphQL */ `
  query ($filter: AccessRecordFilter!, $first: Int, $after: String) {
    accessRecords(filter: $filter, first: $first, after: $after) {
      records {
        writer
        seq
      }
      hasNextPage
    }
  }
`;

const FULL = /* GraphQL */ `
  query ($filter: AccessRecordFilter!) {
    accessRecords(filter: $filter) {
      records {
        time
        traceId
        kind
        actor
        role
        channel
        purpose
        caseId
        department
        entityType
        entityId
        subject
        fields
        outcome
        writer
        seq
        hash
      }
    }
  }
`;

const auditor = () => contextFor('AUDITOR', { id: 'auditor-7' }, { channel: 'counter' });

describe('accessRecords filters', () => {
  let h: Harness;
  let r: ReturnType<typeof seedTrail>;
  beforeEach(async () => {
    h = await startHarness();
    r = seedTrail(h.store);
  });
  afterEach(() => h.stop());

  const records = async (filter: Record<string, unknown>) => {
    const answer = await h.run(RECORDS, { filter }, auditor());
    expect(answer.errors).toBeUndefined();
    return (answer.data!.accessRecords as { records: unknown[] }).records;
  };

  it('serves every field of a record as stored, the enums in capitals', async () => {
    const { r4 } = r;
    expect(await h.run(FULL, { filter: { department: 'health' } }, auditor())).toEqual({
      data: {
        accessRecords: {
          records: [
            {
              time: '2026-11-20T01:00:00.020Z',
              traceId: TRACE.counter,
              kind: 'READ',
              actor: 'officer-0042',
              role: 'OFFICER',
              channel: 'counter',
              purpose: 'case:C2026112000001',
              caseId: 'C2026112000001',
              department: 'health',
              entityType: 'Person',
              entityId: ZHANG_WEI,
              subject: `Person:${ZHANG_WEI}`,
              fields: ['healthCertificates'],
              outcome: 'MASKED',
              writer: 'health@h1:301:c1',
              seq: 1,
              hash: r4!.hash,
            },
          ],
        },
      },
    });
  });

  it('maps request records, absent purposes and every outcome', async () => {
    h.store.seed(WRITERS.tax, [
      draft({
        time: '2026-11-20T05:00:00.016Z',
        traceId: TRACE.company,
        purpose: null,
        caseId: null,
        outcome: 'failed',
      }),
    ]);
    const answer = await h.run(FULL, { filter: { traceId: TRACE.company } }, auditor());
    const got = (answer.data!.accessRecords as { records: Record<string, unknown>[] }).records;
    expect(got.map((x) => [x.kind, x.outcome, x.purpose, x.caseId])).toEqual([
      ['READ', 'FAILED', null, null],
      ['READ', 'DENIED', null, null],
      ['READ', 'RETURNED', null, null],
    ]);
    const request = await h.run(
      FULL,
      { filter: { traceId: TRACE.ownRead, department: 'gateway' } },
      auditor(),
    );
    expect((request.data!.accessRecords as { records: Record<string, unknown>[] }).records[0]).toMatchObject({
      kind: 'REQUEST',
      entityType: 'Operation',
      entityId: 'MyRecord',
      subject: null,
      fields: [],
    });
  });

  it('finds a person by entity or subject (a certificate they hold), not requests naming nobody', async () => {
    expect(await records({ person: ZHANG_WEI })).toEqual(refs(r.r12, r.r8, r.r5, r.r4, r.r3));
  });

  it('takes any way of writing an identity number and asks the store with the canonical one', async () => {
    await records({ person: ' p-gbr-533401827 ' });
    expect(h.store.queries).toEqual([{ subject: 'Person:P-GBR-533401827', limit: 51 }]);
  });

  it('finds a company', async () => {
    expect(await records({ company: RESTAURANT.toLowerCase() })).toEqual(refs(r.r11, r.r10));
    expect(h.store.queries).toEqual([{ subject: `Company:${RESTAURANT}`, limit: 51 }]);
  });

  it('finds an actor, a department, a purpose, a case and a trace', async () => {
    expect(await records({ actor: 'officer-0042' })).toEqual(refs(r.r12, r.r6, r.r5, r.r4, r.r3, r.r2));
    expect(await records({ department: 'public-security' })).toEqual(refs(r.r9, r.r8, r.r6, r.r3, r.r1));
    expect(await records({ purpose: 'PS-IDENTITY-CHECK' })).toEqual(refs(r.r1));
    expect(await records({ purpose: 'case:C2026112000001' })).toEqual(refs(r.r6, r.r5, r.r4, r.r3, r.r2));
    expect(await records({ caseId: 'C2026112000002' })).toEqual(refs(r.r12));
    expect(await records({ traceId: TRACE.counter })).toEqual(refs(r.r6, r.r5, r.r4, r.r3, r.r2));
  });

  it('bounds time from (inclusive) to (exclusive), comparing instants whatever the offset', async () => {
    expect(await records({ from: '2026-11-20T05:00:00.000Z' })).toEqual(refs(r.r12, r.r11, r.r10));
    expect(await records({ to: '2026-11-20T09:00:00+08:00' })).toEqual(refs(r.r1));
    expect(await records({ from: '2026-11-20T09:00:00+08:00', to: '2026-11-20T11:00:00+08:00' })).toEqual(
      refs(r.r6, r.r5, r.r4, r.r3, r.r2),
    );
    expect(h.store.queries[2]).toEqual({
      from: '2026-11-20T01:00:00.000Z',
      to: '2026-11-20T03:00:00.000Z',
      limit: 51,
    });
  });

  it('matches every field given at once', async () => {
    expect(await records({ person: ZHANG_WEI, department: 'public-security' })).toEqual(refs(r.r8, r.r3));
    expect(await records({ person: LI_NA, actor: 'officer-0099', from: '2026-11-19T00:00:00Z' })).toEqual(
      refs(r.r1),
    );
    expect(await records({ actor: 'nobody' })).toEqual([]);
  });

  const refused = async (variables: Record<string, unknown>, code: string, message: string) => {
    expect(await h.run(RECORDS, variables, auditor())).toEqual({
      data: null,
      errors: [{ message, path: ['accessRecords'], extensions: { code, department: 'audit' } }],
    });
  };

  it('refuses an empty filter: INVALID_ARGUMENT', async () => {
    await refused(
      { filter: {} },
      'INVALID_ARGUMENT',
      'filter needs at least one of person, company, actor, department, purpose, caseId, traceId, from, to',
    );
    await refused(
      { filter: { person: null, actor: null } },
      'INVALID_ARGUMENT',
      'filter needs at least one of person, company, actor, department, purpose, caseId, traceId, from, to',
    );
  });

  it('refuses a wrong identity number or credit code with their own codes', async () => {
    await refused(
      { filter: { person: '310107199003070018' } },
      'INVALID_IDENTITY_NUMBER',
      '"310107199003070018" is not a valid identity number: check digit is 8, expected 7',
    );
    await refused(
      { filter: { company: '91310107MA1FL3K2XA' } },
      'INVALID_CREDIT_CODE',
      '"91310107MA1FL3K2XA" is not a valid unified social credit code: check character is A, expected E',
    );
  });

  it('refuses other malformed filters: INVALID_ARGUMENT', async () => {
    await refused(
      { filter: { person: ZHANG_WEI, company: RESTAURANT } },
      'INVALID_ARGUMENT',
      'filter.person and filter.company exclude each other: a record has one subject',
    );
    await refused(
      { filter: { traceId: TRACE.counter.toUpperCase() } },
      'INVALID_ARGUMENT',
      `filter.traceId must be a W3C trace id, 32 lowercase hexadecimal characters: "${TRACE.counter.toUpperCase()}"`,
    );
    await refused({ filter: { actor: '  ' } }, 'INVALID_ARGUMENT', 'filter.actor must not be empty');
    await refused(
      { filter: { purpose: 'x'.repeat(201) } },
      'INVALID_ARGUMENT',
      'filter.purpose is longer than 200 characters',
    );
    await refused(
      { filter: { from: '2026-11-20T09:00:00+08:00', to: '2026-11-20T01:00:00Z' } },
      'INVALID_ARGUMENT',
      'filter.from must be before filter.to: 2026-11-20T09:00:00+08:00 is not before 2026-11-20T01:00:00Z',
    );
    expect(h.store.queries).toEqual([]);
    expect(h.store.ownRecords()).toEqual([]);
  });

  it('refuses a time without an offset before any resolver runs', async () => {
    const answer = await h.run(RECORDS, { filter: { from: '2026-11-20T09:00:00' } }, auditor());
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(h.store.queries).toEqual([]);
  });
});
