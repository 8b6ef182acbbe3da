import { rebuildRequestTrace, traceRecords } from './request-trace';
import {
  contextFor,
  draft,
  FakeAuditStore,
  LI_NA,
  refs,
  seedTrail,
  startHarness,
  TRACE,
  ZHANG_WEI,
  type Harness,
} from './test-support';

const TRACE_QUERY = /* GraphQL */ `
  query ($traceId: ID!) {
    requestTrace(traceId: $traceId) {
      traceId
      request {
        writer
        seq
      }
      departments {
        department
        records {
          writer
          seq
        }
      }
      subjects
    }
  }
`;

const auditor = () => contextFor('AUDITOR', { id: 'auditor-7' });

describe('requestTrace', () => {
  let h: Harness;
  let r: ReturnType<typeof seedTrail>;
  beforeEach(async () => {
    h = await startHarness();
    r = seedTrail(h.store);
  });
  afterEach(() => h.stop());

  it('rebuilds one request: the gateway record, each department’s reads in time order, the subjects', async () => {
    expect(await h.run(TRACE_QUERY, { traceId: TRACE.counter }, auditor())).toEqual({
      data: {
        requestTrace: {
          traceId: TRACE.counter,
          request: refs(r.r2)[0],
          departments: [
            { department: 'public-security', records: refs(r.r3, r.r6) },
            { department: 'health', records: refs(r.r4) },
            { department: 'housing', records: refs(r.r5) },
          ],
          subjects: [`Person:${LI_NA}`, `Person:${ZHANG_WEI}`],
        },
      },
    });
    expect(h.store.queries).toEqual([{ traceId: TRACE.counter, limit: 1000 }]);
  });

  it('has no request record when the gateway wrote none', async () => {
    expect((await h.run(TRACE_QUERY, { traceId: TRACE.company }, auditor())).data).toEqual({
      requestTrace: {
        traceId: TRACE.company,
        request: null,
        departments: [
          { department: 'market-supervision', records: refs(r.r10) },
          { department: 'tax', records: refs(r.r11) },
        ],
        subjects: ['Company:91310107MA1FL3K2XE'],
      },
    });
  });

  it('is null for a trace id the trail does not hold (the look is recorded all the same)', async () => {
    const unknown = '0123456789abcdef0123456789abcdef';
    expect(await h.run(TRACE_QUERY, { traceId: unknown }, auditor())).toEqual({
      data: { requestTrace: null },
    });
    expect(h.store.ownRecords().map((x) => x.entityId)).toEqual([`trace=${unknown}`]);
  });

  it.each(['abc', TRACE.counter.toUpperCase(), `${TRACE.counter}0`, 'g'.repeat(32)])(
    'refuses trace id %s: INVALID_ARGUMENT',
    async (traceId) => {
      expect(await h.run(TRACE_QUERY, { traceId }, auditor())).toEqual({
        data: { requestTrace: null },
        errors: [
          {
            message: `traceId must be a W3C trace id, 32 lowercase hexadecimal characters: "${traceId}"`,
            path: ['requestTrace'],
            extensions: { code: 'INVALID_ARGUMENT', department: 'audit' },
          },
        ],
      });
      expect(h.store.queries).toEqual([]);
    },
  );
});

describe('traceRecords', () => {
  it('collects a trace larger than one store query, batch by batch', async () => {
    const store = new FakeAuditStore();
    const drafts = Array.from({ length: 2345 }, (_, i) =>
      draft({ traceId: TRACE.counter, time: new Date(Date.UTC(2026, 10, 20, 1, 0, 0, i)).toISOString() }),
    );
    store.seed('public-security@ps1:201:b1', drafts);
    store.seed('health@h1:301:c1', [draft({ traceId: TRACE.ownRead })]);
    const got = await traceRecords(store, TRACE.counter);
    expect(got).toHaveLength(2345);
    expect(new Set(got.map((x) => x.seq)).size).toBe(2345);
    expect(store.queries.map((q) => [q.limit, q.after])).toEqual([
      [1000, undefined],
      [1000, 'public-security@ps1:201:b1#1346'],
      [1000, 'public-security@ps1:201:b1#346'],
    ]);
  });
});

describe('rebuildRequestTrace', () => {
  it('keeps the earliest of two request records and orders reads at the same instant by chain', () => {
    const store = new FakeAuditStore();
    const t = '2026-11-20T01:00:00.000Z';
    const [late] = store.seed('gateway@b:1:x', [
      draft({ time: '2026-11-20T01:00:01.000Z', kind: 'request', department: 'gateway', subject: null }),
    ]);
    const [early] = store.seed('gateway@a:1:x', [
      draft({ time: t, kind: 'request', department: 'gateway', subject: null }),
    ]);
    const [b] = store.seed('health@b:1:x', [draft({ time: t, department: 'health', subject: null })]);
    const [a] = store.seed('health@a:1:x', [draft({ time: t, department: 'health', subject: 'Person:X' })]);
    expect(rebuildRequestTrace(TRACE.counter, [late!, b!, early!, a!])).toEqual({
      traceId: TRACE.counter,
      request: early,
      departments: [{ department: 'health', records: [a, b] }],
      subjects: ['Person:X'],
    });
    expect(rebuildRequestTrace(TRACE.counter, [])).toBeNull();
  });
});
