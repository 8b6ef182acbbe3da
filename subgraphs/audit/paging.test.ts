import { DataLayerError } from '../../adapters/kit/errors';
import {
  contextFor,
  refs,
  RESTAURANT,
  seedTrail,
  startHarness,
  ZHANG_WEI,
  type Harness,
} from './test-support';

const RECORDS = /* GraphQL */ `
  query ($filter: AccessRecordFilter!, $first: Int, $after: String) {
    accessRecords(filter: $filter, first: $first, after: $after) {
      records {
        writer
        seq
      }
      endCursor
      hasNextPage
    }
  }
`;
const HISTORY = /* GraphQL */ `
  query ($first: Int, $after: String, $from: DateTime, $to: DateTime) {
    me {
      accessHistory(first: $first, after: $after, from: $from, to: $to) {
        records {
          writer
          seq
        }
        endCursor
        hasNextPage
      }
    }
  }
`;

const auditor = () => contextFor('AUDITOR', { id: 'auditor-7' });
const citizen = () => contextFor('CITIZEN', { id: ZHANG_WEI, person: ZHANG_WEI });

describe('paging through the audit trail', () => {
  let h: Harness;
  let r: ReturnType<typeof seedTrail>;
  beforeEach(async () => {
    h = await startHarness();
    r = seedTrail(h.store);
  });
  afterEach(() => h.stop());

  const page = (first: number | null, after?: string) =>
    h.run(RECORDS, { filter: { actor: 'officer-0042' }, first, after }, auditor());

  it('walks an actor’s six records two by two, newest first, with the store’s cursors', async () => {
    expect((await page(2)).data).toEqual({
      accessRecords: {
        records: refs(r.r12, r.r6),
        endCursor: 'public-security@ps1:201:b1#3',
        hasNextPage: true,
      },
    });
    expect((await page(2, 'public-security@ps1:201:b1#3')).data).toEqual({
      accessRecords: { records: refs(r.r5, r.r4), endCursor: 'health@h1:301:c1#1', hasNextPage: true },
    });
    expect((await page(2, 'health@h1:301:c1#1')).data).toEqual({
      accessRecords: { records: refs(r.r3, r.r2), endCursor: 'gateway@gw1:101:a1#1', hasNextPage: false },
    });
    // One more than the page, to know whether another follows.
    expect(h.store.queries.map((q) => [q.limit, q.after])).toEqual([
      [3, undefined],
      [3, 'public-security@ps1:201:b1#3'],
      [3, 'health@h1:301:c1#1'],
    ]);
  });

  it('takes 50 by default (and for an explicit null), up to 500', async () => {
    expect((await page(null)).data!.accessRecords).toMatchObject({ hasNextPage: false });
    expect((await page(500)).data!.accessRecords).toMatchObject({ hasNextPage: false });
    await h.run(RECORDS, { filter: { actor: 'officer-0042' } }, auditor());
    expect(h.store.queries.map((q) => q.limit)).toEqual([51, 501, 51]);
  });

  it('answers an empty page with no cursor', async () => {
    expect((await h.run(RECORDS, { filter: { actor: 'nobody' } }, auditor())).data).toEqual({
      accessRecords: { records: [], endCursor: null, hasNextPage: false },
    });
  });

  it.each([0, -1, 501])('refuses first: %d (INVALID_ARGUMENT)', async (first) => {
    expect(await page(first)).toEqual({
      data: null,
      errors: [
        {
          message: `first must be 1 to 500: ${first}`,
          path: ['accessRecords'],
          extensions: { code: 'INVALID_ARGUMENT', department: 'audit' },
        },
      ],
    });
  });

  it.each(['garbage', 'writer#0', 'a b#1', '#3'])('refuses a cursor it never gave out: %s', async (after) => {
    const answer = await page(2, after);
    expect(answer.errors).toEqual([
      {
        message: `after must be an endCursor of a previous page: "${after}"`,
        path: ['accessRecords'],
        extensions: { code: 'INVALID_ARGUMENT', department: 'audit' },
      },
    ]);
    expect(h.store.queries).toEqual([]);
  });

  it('passes the store’s own refusal of a cursor through as the caller’s error, not an outage', async () => {
    const query = h.store.query.bind(h.store);
    h.store.query = async (q) => {
      if (q.after)
        throw new DataLayerError('INVALID_ARGUMENT', `audit query: after names no record: ${q.after}`);
      return query(q);
    };
    expect((await page(2, 'ghost@x:1:z#9')).errors).toEqual([
      {
        message: 'audit query: after names no record: ghost@x:1:z#9',
        path: ['accessRecords'],
        extensions: { code: 'INVALID_ARGUMENT', department: 'audit' },
      },
    ]);
    expect(h.store.ownRecords()).toEqual([]);
  });

  it('pages a citizen’s history within a time range', async () => {
    const first = await h.run(
      HISTORY,
      { first: 2, from: '2026-11-20T00:00:00Z', to: '2026-11-20T06:00:00Z' },
      citizen(),
    );
    expect(first.data).toEqual({
      me: {
        accessHistory: { records: refs(r.r8, r.r5), endCursor: 'housing@hs1:401:d1#1', hasNextPage: true },
      },
    });
    const second = await h.run(
      HISTORY,
      { first: 2, after: 'housing@hs1:401:d1#1', from: '2026-11-20T00:00:00Z', to: '2026-11-20T06:00:00Z' },
      citizen(),
    );
    expect(second.data).toEqual({
      me: {
        accessHistory: {
          records: refs(r.r4, r.r3),
          endCursor: 'public-security@ps1:201:b1#2',
          hasNextPage: false,
        },
      },
    });
    expect(h.store.queries[0]).toEqual({
      subject: `Person:${ZHANG_WEI}`,
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-20T06:00:00.000Z',
      limit: 3,
    });
  });

  it('refuses a history range that ends before it starts, and a bad page size', async () => {
    const agent = contextFor('COMPANY_AGENT', { id: 'agent-77', company: RESTAURANT });
    expect(
      (await h.run(HISTORY, { from: '2026-11-21T00:00:00Z', to: '2026-11-20T00:00:00Z' }, agent)).errors,
    ).toEqual([
      {
        message: 'from must be before to: 2026-11-21T00:00:00Z is not before 2026-11-20T00:00:00Z',
        path: ['me', 'accessHistory'],
        extensions: { code: 'INVALID_ARGUMENT', department: 'audit' },
      },
    ]);
    expect((await h.run(HISTORY, { first: 1000 }, agent)).errors?.[0]?.extensions?.code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(h.store.queries).toEqual([]);
  });
});
