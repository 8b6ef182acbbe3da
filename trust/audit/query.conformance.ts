import type { WritableAuditStore } from './reader';
import type { AuditDraft, AuditQuery, AuditRecord } from './record';
import { draft, drafts, type AuditTarget } from './test-support';

const at = (hhmm: string) => `2026-11-20T${hhmm}:00.000Z`;
const P1 = '310107199003070017';
const P2 = '310104198512120023';
const U1 = '91310000MA1FL0001X';

/** Seven records over two writers; the label of each is its entityId's tag for reading results. */
const A: Record<string, AuditDraft> = {
  A1: draft({ time: at('01:00'), entityId: P1, subject: `Person:${P1}`, actor: 'officer-1', traceId: 'T1' }),
  A2: draft({
    time: at('01:01'),
    entityType: 'Certificate',
    entityId: 'HL-HC-2026-000173',
    subject: `Person:${P1}`,
    actor: 'officer-1',
    traceId: 'T1',
  }),
  A3: draft({
    time: at('01:02'),
    kind: 'request',
    department: 'gateway',
    entityType: 'Operation',
    entityId: 'CounterView',
    subject: null,
    fields: [],
    actor: 'officer-1',
    traceId: 'T1',
  }),
  A4: draft({
    time: at('01:04'),
    entityId: P1,
    subject: null,
    actor: P1,
    role: 'CITIZEN',
    channel: 'app',
    purpose: null,
    caseId: null,
    traceId: 'T3',
  }),
};
const B: Record<string, AuditDraft> = {
  B1: draft({
    time: at('01:02'),
    department: 'tax',
    entityId: P2,
    subject: `Person:${P2}`,
    actor: 'officer-2',
    purpose: 'PS-IDENTITY-CHECK',
    caseId: null,
    traceId: 'T2',
  }),
  B2: draft({
    time: at('01:03'),
    department: 'tax',
    entityType: 'Company',
    entityId: U1,
    subject: `Company:${U1}`,
    actor: 'officer-2',
    purpose: 'PS-IDENTITY-CHECK',
    caseId: null,
    traceId: 'T2',
    outcome: 'masked',
  }),
  B3: draft({
    time: at('01:05'),
    department: 'tax',
    entityId: P2,
    subject: `Person:${P2}`,
    actor: 'officer-2',
    purpose: 'case:C2026112000002',
    caseId: 'C2026112000002',
    traceId: 'T4',
  }),
};

/** AuditStore.query on every engine: each filter, the time range, newest-first order, paging, limits, refusals. */
export function describeQueryConformance(target: AuditTarget): void {
  describe(`audit query on ${target.engine}`, () => {
    let a: WritableAuditStore;
    let b: WritableAuditStore;
    const labels = new Map<string, string>();
    /** A3 and B1 share a time: the writer id decides, descending. */
    let tie: string[];
    const label = (records: AuditRecord[]) => records.map((r) => labels.get(`${r.writer}#${r.seq}`));
    const find = async (q: AuditQuery) => label(await a.query(q));
    const cursor = (name: string) => [...labels].find(([, l]) => l === name)![0];

    beforeAll(async () => {
      await target.fresh();
      a = await target.openStore();
      b = await target.openStore();
      // Appended out of time order, across both writers, as concurrent departments do.
      for (const [name, d] of [
        ['A1', A.A1],
        ['B1', B.B1],
        ['A2', A.A2],
        ['B3', B.B3],
        ['A3', A.A3],
        ['B2', B.B2],
        ['A4', A.A4],
      ] as const) {
        const store = name.startsWith('A') ? a : b;
        const [r] = await store.append([d!]);
        labels.set(`${r!.writer}#${r!.seq}`, name);
      }
      tie = a.writer > b.writer ? ['A3', 'B1'] : ['B1', 'A3'];
    });
    afterAll(async () => {
      await a.close();
      await b.close();
      await target.dropAll();
    });

    it('returns every writer’s records newest first: time, then writer, then seq, descending', async () => {
      expect(await find({})).toEqual(['B3', 'A4', 'B2', ...tie, 'A2', 'A1']);
      expect(await b.query({})).toEqual(await a.query({}));
    });

    it('finds a subject by its subject column or by the entity itself', async () => {
      expect(await find({ subject: `Person:${P1}` })).toEqual(['A4', 'A2', 'A1']);
      expect(await find({ subject: `Company:${U1}` })).toEqual(['B2']);
      expect(await find({ subject: 'Certificate:HL-HC-2026-000173' })).toEqual(['A2']);
      expect(await find({ subject: 'Person:000000000000000000' })).toEqual([]);
    });

    it('filters by actor, department, purpose, case, trace and kind', async () => {
      expect(await find({ actor: 'officer-2' })).toEqual(['B3', 'B2', 'B1']);
      expect(await find({ department: 'gateway' })).toEqual(['A3']);
      expect(await find({ department: 'tax' })).toEqual(['B3', 'B2', 'B1']);
      expect(await find({ purpose: 'PS-IDENTITY-CHECK' })).toEqual(['B2', 'B1']);
      expect(await find({ caseId: 'C2026112000001' })).toEqual(['A3', 'A2', 'A1']);
      expect(await find({ traceId: 'T1' })).toEqual(['A3', 'A2', 'A1']);
      expect(await find({ kind: 'request' })).toEqual(['A3']);
      expect(await find({ kind: 'read', actor: 'officer-1' })).toEqual(['A2', 'A1']);
    });

    it('combines filters: all given must match', async () => {
      expect(await find({ subject: `Person:${P1}`, department: 'health', traceId: 'T1' })).toEqual([
        'A2',
        'A1',
      ]);
      expect(await find({ subject: `Person:${P2}`, caseId: 'C2026112000002' })).toEqual(['B3']);
      expect(await find({ actor: 'officer-1', department: 'tax' })).toEqual([]);
    });

    it('takes a time range from inclusive to exclusive, in any zone', async () => {
      expect(await find({ from: at('01:02'), to: at('01:04') })).toEqual(['B2', ...tie]);
      expect(await find({ from: '2026-11-20T09:02:00+08:00', to: '2026-11-20T09:04:00+08:00' })).toEqual([
        'B2',
        ...tie,
      ]);
      expect(await find({ from: at('01:04') })).toEqual(['B3', 'A4']);
      expect(await find({ to: '2026-11-20T01:01Z' })).toEqual(['A1']);
      expect(await find({ from: '2026-11-21' })).toEqual([]);
    });

    it('pages with limit and after, with no record twice or left out', async () => {
      expect(await find({ limit: 2 })).toEqual(['B3', 'A4']);
      expect(await find({ limit: 2, after: cursor('A4') })).toEqual(['B2', tie[0]]);
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await a.query({ limit: 3, ...(after ? { after } : {}) });
        seen.push(...label(page).map(String));
        if (page.length < 3) break;
        after = `${page[2]!.writer}#${page[2]!.seq}`;
      }
      expect(seen).toEqual(['B3', 'A4', 'B2', ...tie, 'A2', 'A1']);
    });

    it('pages within a filter, across the tie of two writers at one time', async () => {
      expect(await find({ subject: `Person:${P1}`, limit: 1, after: cursor('A4') })).toEqual(['A2']);
      expect(await find({ after: cursor(tie[0]!) })).toEqual([tie[1], 'A2', 'A1']);
      expect(await find({ after: cursor('A1') })).toEqual([]);
    });

    it('refuses invalid filter values with INVALID_ARGUMENT', async () => {
      const bad: [AuditQuery, string][] = [
        [{ limit: 0 }, 'audit query: limit must be an integer from 1 to 1000: 0'],
        [{ limit: 1001 }, 'audit query: limit must be an integer from 1 to 1000: 1001'],
        [{ limit: 2.5 }, 'audit query: limit must be an integer from 1 to 1000: 2.5'],
        [{ kind: 'write' as 'read' }, 'audit query: kind must be read or request: write'],
        [
          { from: 'yesterday' },
          'audit query: from must be an ISO 8601 date or date-time with Z or an offset: yesterday',
        ],
        [
          { to: '2026-11-20T01:00' },
          'audit query: to must be an ISO 8601 date or date-time with Z or an offset: 2026-11-20T01:00',
        ],
        [{ subject: P1 }, `audit query: subject must be <Type>:<id>, e.g. Person:310107199003070017: ${P1}`],
        [{ actor: '' }, 'audit query: actor must be a non-empty string'],
        [{ after: 'no-cursor' }, 'audit query: after must be <writer>#<seq> of a record: no-cursor'],
        [{ after: 'health@nowhere:1:x#5' }, 'audit query: after names no record: health@nowhere:1:x#5'],
      ];
      for (const [q, message] of bad)
        await expect(a.query(q)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message });
    });

    it('returns at most 100 records by default and up to 1000 when asked', async () => {
      await b.append(drafts(120, Date.parse('2026-11-21T00:00:00.000Z')));
      expect(await a.query({})).toHaveLength(100);
      expect(await a.query({ limit: 1000 })).toHaveLength(127);
      const newest = await a.query({ limit: 1 });
      expect(newest[0]).toMatchObject({
        writer: b.writer,
        entityId: 'E0120',
        time: '2026-11-21T00:01:59.000Z',
      });
    });
  });
}
