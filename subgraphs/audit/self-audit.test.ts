import {
  contextFor,
  NOW,
  RESTAURANT,
  seedTrail,
  startHarness,
  TRACE,
  ZHANG_WEI,
  type Harness,
} from './test-support';

const auditorTrace = '7d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a';
const auditor = () =>
  contextFor(
    'AUDITOR',
    { id: 'auditor-7' },
    { channel: 'counter', traceId: auditorTrace, purpose: { kind: 'case', caseId: 'C2026112000009' } },
  );
const citizen = () =>
  contextFor('CITIZEN', { id: ZHANG_WEI, person: ZHANG_WEI }, { traceId: 'c'.repeat(32), channel: 'app' });

const UNAVAILABLE = {
  message:
    'audit: The audit trail could not record this read, so the data was not returned (fail closed); nothing was lost, retry later.',
  extensions: { code: 'AUDIT_UNAVAILABLE', department: 'audit' },
};

describe('reading the audit trail is itself audited', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    seedTrail(h.store);
  });
  afterEach(() => h.stop());

  it('records an auditor’s search: one read of the AccessLog, with the fields the auditor saw', async () => {
    await h.run(
      /* GraphQL */ `
        query ($p: ID!) {
          accessRecords(filter: { person: $p, from: "2026-11-20T08:00:00+08:00" }, first: 2) {
            hasNextPage
            records {
              time
              actor
              purpose
            }
          }
        }
      `,
      { p: ZHANG_WEI },
      auditor(),
    );
    expect(h.store.ownRecords()).toEqual([
      {
        time: NOW.toISOString(),
        traceId: auditorTrace,
        kind: 'read',
        actor: 'auditor-7',
        role: 'AUDITOR',
        channel: 'counter',
        purpose: 'case:C2026112000009',
        caseId: 'C2026112000009',
        department: 'audit',
        entityType: 'AccessLog',
        entityId: `subject=Person:${ZHANG_WEI}&from=2026-11-20T00:00:00.000Z`,
        subject: `Person:${ZHANG_WEI}`,
        fields: ['actor', 'purpose', 'time'],
        outcome: 'returned',
        writer: h.store.writer,
        seq: 1,
        prevHash: '0'.repeat(64),
        hash: expect.stringMatching(/^[\da-f]{64}$/),
      },
    ]);
  });

  it('names a search without a subject by its filter and no subject', async () => {
    await h.run(
      /* GraphQL */ `
        {
          accessRecords(filter: { actor: "officer-0042", department: "health", purpose: "case:C2026112000001", caseId: "C2026112000001", traceId: "${TRACE.counter}", to: "2026-11-21T00:00:00Z" }) {
            endCursor
          }
        }
      `,
      {},
      auditor(),
    );
    const [record] = h.store.ownRecords();
    expect([record!.entityId, record!.subject, record!.fields]).toEqual([
      `actor=officer-0042&department=health&purpose=case:C2026112000001&case=C2026112000001&trace=${TRACE.counter}&to=2026-11-21T00:00:00.000Z`,
      null,
      [],
    ]);
  });

  it('records a trace view with the record fields selected anywhere in it, through fragments, honouring @skip', async () => {
    await h.run(
      /* GraphQL */ `
        query ($t: ID!, $skip: Boolean!) {
          requestTrace(traceId: $t) {
            request {
              ...R
            }
            departments {
              records {
                entityId
                hash @skip(if: $skip)
                ... on AccessRecord {
                  fields
                }
              }
            }
          }
        }
        fragment R on AccessRecord {
          time
          __typename
          writer @include(if: $skip)
        }
      `,
      { t: TRACE.counter, skip: true },
      auditor(),
    );
    expect(h.store.ownRecords().map((r) => [r.entityId, r.subject, r.fields])).toEqual([
      [`trace=${TRACE.counter}`, null, ['entityId', 'fields', 'time', 'writer']],
    ]);
  });

  it('records each view of one operation once: two aliased searches, two records', async () => {
    await h.run(
      /* GraphQL */ `
        {
          a: accessRecords(filter: { company: "${RESTAURANT}" }) { records { seq } }
          b: requestTrace(traceId: "${TRACE.company}") { subjects }
        }
      `,
      {},
      auditor(),
    );
    expect(h.store.ownRecords().map((r) => [r.entityId, r.subject, r.fields])).toEqual([
      [`subject=Company:${RESTAURANT}`, `Company:${RESTAURANT}`, ['seq']],
      [`trace=${TRACE.company}`, null, []],
    ]);
  });

  it('records a citizen looking at their history as a read of their own data, which their next look shows', async () => {
    const HISTORY = /* GraphQL */ `
      {
        me {
          accessHistory(first: 1) {
            records {
              department
              entityType
              actor
            }
          }
        }
      }
    `;
    await h.run(HISTORY, {}, citizen());
    expect(h.store.ownRecords().map((r) => ({ ...r, hash: undefined, prevHash: undefined }))).toEqual([
      {
        time: NOW.toISOString(),
        traceId: 'c'.repeat(32),
        kind: 'read',
        actor: ZHANG_WEI,
        role: 'CITIZEN',
        channel: 'app',
        purpose: null,
        caseId: null,
        department: 'audit',
        entityType: 'AccessLog',
        entityId: `subject=Person:${ZHANG_WEI}`,
        subject: `Person:${ZHANG_WEI}`,
        fields: ['actor', 'department', 'entityType'],
        outcome: 'returned',
        writer: h.store.writer,
        seq: 1,
        hash: undefined,
        prevHash: undefined,
      },
    ]);
    expect((await h.run(HISTORY, {}, citizen())).data).toEqual({
      me: {
        accessHistory: { records: [{ department: 'audit', entityType: 'AccessLog', actor: ZHANG_WEI }] },
      },
    });
  });

  it('records nothing for a refused or invalid view', async () => {
    await h.run('{ requestTrace(traceId: "nope") { subjects } }', {}, auditor());
    await h.run('{ accessRecords(filter: {}) { endCursor } }', {}, auditor());
    await h.run('{ me { accessHistory { endCursor } } }', {}, auditor());
    expect(h.store.ownRecords()).toEqual([]);
  });
});

describe('fail closed: no record of the view, no records in the answer', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    seedTrail(h.store);
    h.store.failAppends = true;
  });
  afterEach(() => h.stop());

  it('withholds an auditor’s search when the store will not take its record', async () => {
    expect(
      await h.run(
        '{ accessRecords(filter: { person: "' + ZHANG_WEI + '" }) { records { actor entityId } } }',
        {},
        auditor(),
      ),
    ).toEqual({ data: null, errors: [{ ...UNAVAILABLE, path: ['accessRecords'] }] });
  });

  it('withholds a request trace', async () => {
    expect(
      await h.run(
        `{ requestTrace(traceId: "${TRACE.counter}") { subjects departments { department } } }`,
        {},
        auditor(),
      ),
    ).toEqual({ data: { requestTrace: null }, errors: [{ ...UNAVAILABLE, path: ['requestTrace'] }] });
  });

  it('withholds a citizen’s history', async () => {
    expect(await h.run('{ me { actorId accessHistory { records { actor } } } }', {}, citizen())).toEqual({
      data: null,
      errors: [{ ...UNAVAILABLE, path: ['me', 'accessHistory'] }],
    });
  });

  it('answers AUDIT_UNAVAILABLE when the store cannot be read either, and records nothing', async () => {
    h.store.failAppends = false;
    h.store.failQueries = true;
    expect(await h.run(`{ requestTrace(traceId: "${TRACE.counter}") { subjects } }`, {}, auditor())).toEqual({
      data: { requestTrace: null },
      errors: [{ ...UNAVAILABLE, path: ['requestTrace'] }],
    });
    expect(h.store.ownRecords()).toEqual([]);
  });
});
