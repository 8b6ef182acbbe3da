import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COUNTER_VIEW_QUERY } from '../../gateway/first-query';
import { GOLDEN } from '../../mocks/data/golden';
import type { AuditRecord } from '../../trust/audit/record';
import { hashRecord } from '../../trust/audit/chain';
import { RECORD_COLUMNS, recordValues } from '../../trust/audit/record-row';
import { writeJwks } from '../../trust/audit/test-support';
import { verifyAudit, type VerifyReport } from '../../trust/audit/verify';
import { startStack, type Caller, type GraphQLReply, type Stack, type StackOptions } from '../helpers/stack';
import { TEST_OFFICER, TEST_PURPOSE } from '../helpers/trust';
import { trailAccess, type TrailAccess, type TrailCopy } from './trail-access';
import {
  AGENT_OF_RESTAURANT,
  AUDITOR,
  CITIZEN_ZHANG_WEI,
  COUNTER_VIEW_READS,
  COUNTER_VIEW_VALUES,
  counterViewReads,
  OFFICER_CHECKING_IDENTITY,
  OFFICER_ON_CASE,
  WORKLOAD,
  ZHANG_WEI_CERTIFICATES,
  ZHANG_WEI_VALUES,
  expectedRecords,
  lines,
  readRecords,
  shapeOf,
  traceIdOf,
  traceparent,
  type RecordShape,
} from './workload';

/**
 * The audit trail end to end, through the gateway, over the trail the stack's subgraphs and
 * gateway really write: exactly one record per read after a mixed workload, the views auditors
 * and citizens read it with, tampering found by verifyAudit and `npm run audit:verify`, and fail
 * closed when the store will not take a record. The same cases run on embedded SQLite
 * (audit-trail.test.ts) and on PostgreSQL, Redis and MariaDB (audit-trail.integration.test.ts).
 */
export function describeAuditTrail(title: string, options: () => StackOptions): void {
  describe(title, () => {
    let stack: Stack;
    let trail: TrailAccess;
    let tmp: string;
    let jwksFile: string;
    /** Each workload step's trace id and answer, in workload order. */
    const ran: { traceId: string; reply: GraphQLReply }[] = [];
    let expected: RecordShape[];
    let n = 0;
    /** A fresh trace id for a request made after the workload. */
    const nextTrace = () => traceIdOf('a0d17e57', 1000 + ++n);
    const send = (
      query: string,
      variables: Record<string, unknown> | undefined,
      as: Caller,
      traceId: string,
    ) => stack.query(query, variables, 'counter', { ...as, headers: { traceparent: traceparent(traceId) } });
    const recordsOf = async (traceId: string) =>
      (await stack.audit.query({ traceId, limit: 1000 })).map(shapeOf);
    const codes = (reply: GraphQLReply) =>
      (reply.body.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.department]);

    beforeAll(async () => {
      stack = await startStack(options());
      trail = trailAccess(stack.trust.gatewayProcessEnv);
      tmp = mkdtempSync(path.join(os.tmpdir(), 'owdl-audit-trail-'));
      jwksFile = writeJwks(tmp, stack.trust.auditPublicJwks);
      for (const [i, step] of WORKLOAD.entries()) {
        const traceId = traceIdOf('a0d1', i + 1);
        const reply = await stack.query(step.query, step.variables, step.channel, {
          ...step.caller,
          headers: { traceparent: traceparent(traceId) },
        });
        ran.push({ traceId, reply });
      }
      expected = WORKLOAD.flatMap((step, i) => expectedRecords(step, ran[i]!.traceId, ran[i]!.reply));
    }, 60_000);
    afterAll(async () => {
      await trail?.close();
      await stack?.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    describe('after a mixed workload', () => {
      it.each(WORKLOAD.map((step, i) => [step.title, i] as const))('answers %s as expected', (_t, i) => {
        const step = WORKLOAD[i]!;
        const { reply } = ran[i]!;
        expect([reply.status, (reply.body.errors ?? []).map((e) => e.extensions?.code)]).toEqual([
          step.status,
          step.errors,
        ]);
      });

      it('holds exactly the expected records: one read per department request and entity read, one request record per request', async () => {
        const stored = await stack.audit.query({ limit: 1000 });
        // 13 requests: 21 + 1 + 7 + 2 + 2 reads (look-ups included), 1 read of the new case, 13 request records.
        expect(expected).toHaveLength(47);
        expect(lines(stored.map(shapeOf))).toEqual(lines(expected));
        const requests = ran.map(({ traceId }) =>
          stored.filter((r) => r.traceId === traceId && r.kind === 'request'),
        );
        expect(requests.map((r) => r.length)).toEqual(WORKLOAD.map(() => 1));
      });

      it("writes every read into its own department's chain and every request into the gateway's", async () => {
        const stored = await stack.audit.query({ limit: 1000 });
        for (const r of stored) expect(r.writer.startsWith(`${r.department}@`)).toBe(true);
      });

      it('records the counter view across seven departments with exact field lists', async () => {
        const { traceId, reply } = ran[0]!;
        const certificates = (reply.body.data!.person as { certificates: { id: string }[] }).certificates;
        // The health certificate is health data, which a service-centre officer on a case may not see.
        expect(certificates.map((c) => c.id).sort()).toEqual(
          ZHANG_WEI_CERTIFICATES.filter((id) => id !== 'HL-HC-2026-000173').sort(),
        );
        const reads = (await recordsOf(traceId)).filter(
          (r) => r.kind === 'read' && r.purpose !== 'ACCESS-CHECK',
        );
        expect(lines(reads)).toEqual(
          lines(
            readRecords(COUNTER_VIEW_READS, traceId, OFFICER_ON_CASE, 'counter', OFFICER_ON_CASE.purpose!),
          ),
        );
        expect([...new Set(reads.map((r) => r.department))].sort()).toEqual([
          'big-data-center',
          'housing',
          'human-resources',
          'market-supervision',
          'public-security',
          'service-center',
          'tax',
        ]);
      });

      it('leaves catalogue-only requests with their request record and no read', async () => {
        const catalogue = WORKLOAD.flatMap((s, i) =>
          s.rootFields.every((f) => ['departments', 'matters', 'matter'].includes(f)) ? [i] : [],
        );
        expect(catalogue).toHaveLength(2);
        for (const i of catalogue) {
          const records = await recordsOf(ran[i]!.traceId);
          expect(records.map((r) => [r.kind, r.outcome, r.fields])).toEqual([
            ['request', 'returned', WORKLOAD[i]!.rootFields],
          ]);
        }
      });

      it('records each request refused at the gateway as denied, with no read', async () => {
        const refused = WORKLOAD.flatMap((s, i) => (s.status === 403 ? [i] : []));
        expect(refused).toHaveLength(5);
        for (const i of refused) {
          const records = await recordsOf(ran[i]!.traceId);
          expect(records.map((r) => [r.kind, r.department, r.outcome])).toEqual([
            ['request', 'gateway', 'denied'],
          ]);
        }
      });
    });

    describe('the audit views through the gateway', () => {
      const RECORD =
        'traceId kind actor role channel purpose caseId department entityType entityId subject fields outcome';
      const asShape = (r: Record<string, unknown>): RecordShape => ({
        ...(r as unknown as RecordShape),
        kind: String(r.kind).toLowerCase() as RecordShape['kind'],
        role: r.role as RecordShape['role'],
        outcome: String(r.outcome).toLowerCase() as RecordShape['outcome'],
      });
      // Fewer fields per record in a trace: its departments × records are within the cost limit.
      const TRACE_RECORD = 'actor purpose department entityType entityId subject fields outcome';
      const brief = (r: Record<string, unknown>) =>
        JSON.stringify([
          r.actor,
          r.purpose,
          r.department,
          r.entityType,
          r.entityId,
          r.subject,
          r.fields,
          String(r.outcome).toLowerCase(),
        ]);
      const aboutZhangWei = (r: RecordShape) =>
        r.subject === `Person:${GOLDEN.zhangWei}` ||
        (r.entityType === 'Person' && r.entityId === GOLDEN.zhangWei);

      /** The trace of the auditor's search by Zhang Wei, which his history shows. */
      let auditorsSearch = '';

      it("gives an auditor every access to Zhang Wei's data", async () => {
        auditorsSearch = nextTrace();
        const reply = await send(
          `query Accesses($p: ID!) { accessRecords(filter: { person: $p }, first: 100) { records { ${RECORD} } hasNextPage } }`,
          { p: GOLDEN.zhangWei },
          AUDITOR,
          auditorsSearch,
        );
        expect(codes(reply)).toEqual([]);
        const page = reply.body.data!.accessRecords as {
          records: Record<string, unknown>[];
          hasNextPage: boolean;
        };
        expect(page.hasNextPage).toBe(false);
        // 16 of the counter view's reads (3 of them look-ups), his reading himself, the look-up of his
        // children when he read his child, the agent's refused read of him, his new case.
        expect(expected.filter(aboutZhangWei)).toHaveLength(20);
        expect(lines(page.records.map(asShape))).toEqual(lines(expected.filter(aboutZhangWei)));
      });

      it('rebuilds the counter view across every department it touched', async () => {
        const { traceId } = ran[0]!;
        const reply = await send(
          `query Trace($t: ID!) { requestTrace(traceId: $t) { traceId request { ${RECORD} } departments { department records { ${TRACE_RECORD} } } subjects } }`,
          { t: traceId },
          AUDITOR,
          nextTrace(),
        );
        expect(codes(reply)).toEqual([]);
        const trace = reply.body.data!.requestTrace as {
          traceId: string;
          request: Record<string, unknown>;
          departments: { department: string; records: Record<string, unknown>[] }[];
          subjects: string[];
        };
        const mine = expected.filter((r) => r.traceId === traceId);
        expect(trace.traceId).toBe(traceId);
        expect(asShape(trace.request)).toEqual(mine.find((r) => r.kind === 'request'));
        expect(trace.departments.map((d) => d.department).sort()).toEqual([
          'big-data-center',
          'housing',
          'human-resources',
          'market-supervision',
          'public-security',
          'service-center',
          'tax',
        ]);
        for (const d of trace.departments) {
          expect(d.records.every((r) => r.department === d.department)).toBe(true);
          expect(d.records.map(brief).sort()).toEqual(
            mine
              .filter((r) => r.kind === 'read' && r.department === d.department)
              .map(brief)
              .sort(),
          );
        }
        expect(trace.subjects).toEqual([
          `Company:${GOLDEN.restaurant}`,
          `Person:${GOLDEN.zhangWei}`,
          `Person:${GOLDEN.zhangXiaoyu}`,
        ]);
      });

      it('shows a citizen who read their data, when and why, auditors included', async () => {
        const traceId = nextTrace();
        const reply = await stack.query(
          'query History { me { actorId accessHistory(first: 100) { records { traceId actor department purpose fields } } } }',
          undefined,
          'portal',
          { ...CITIZEN_ZHANG_WEI, headers: { traceparent: traceparent(traceId) } },
        );
        expect(codes(reply)).toEqual([]);
        const me = reply.body.data!.me as {
          actorId: string;
          accessHistory: { records: Record<string, unknown>[] };
        };
        expect(me.actorId).toBe('citizen-zw');
        const row = (
          r: Partial<Record<'traceId' | 'actor' | 'department' | 'purpose' | 'fields', unknown>>,
        ) => JSON.stringify([r.traceId, r.actor, r.department, r.purpose, r.fields]);
        // The auditor's search by him is in his history (reading the trail is audited too). This
        // request's own look-ups (made once the gateway's 60 s cache expired) are set aside.
        const shown = me.accessHistory.records
          .filter((r) => r.traceId !== traceId)
          .map(row)
          .sort();
        const auditorsLook = {
          traceId: auditorsSearch,
          actor: 'auditor-01',
          department: 'audit',
          purpose: null,
          fields: RECORD.split(' ').sort(),
        };
        expect(shown).toEqual([...expected.filter(aboutZhangWei), auditorsLook].map(row).sort());
        expect(new Set(me.accessHistory.records.map((r) => r.actor))).toEqual(
          new Set(['officer-0042', 'citizen-zw', 'agent-restaurant', 'auditor-01']),
        );
      });

      it.each([
        ['an officer on a case', OFFICER_ON_CASE],
        ['the citizen', CITIZEN_ZHANG_WEI],
        ['a company agent', AGENT_OF_RESTAURANT],
      ])('refuses %s the auditors’ views with FORBIDDEN', async (_who, caller) => {
        for (const query of [
          `query { accessRecords(filter: { person: "${GOLDEN.zhangWei}" }) { records { actor } } }`,
          `query { requestTrace(traceId: "${ran[0]!.traceId}") { subjects } }`,
        ]) {
          const reply = await send(query, undefined, caller, nextTrace());
          expect([reply.status, reply.body.data, codes(reply)]).toEqual([
            403,
            undefined,
            [['FORBIDDEN', undefined]],
          ]);
        }
      });
    });

    describe('tampering', () => {
      let copy: TrailCopy;
      beforeEach(async () => {
        copy = await trail.copy();
      });
      const verify = async (): Promise<VerifyReport> => {
        const reader = await copy.openReader();
        try {
          return await verifyAudit(reader, stack.trust.auditPublicJwks);
        } finally {
          await reader.close();
        }
      };
      /** The copy's one record of this trace in this department matching `pick`. */
      const recordOf = async (traceId: string, department: string, pick: (r: AuditRecord) => boolean) => {
        const reader = await copy.openReader();
        try {
          const found = (await reader.query({ traceId, department, limit: 1000 })).filter(pick);
          expect(found).toHaveLength(1);
          return found[0]!;
        } finally {
          await reader.close();
        }
      };
      const chainOf = async (writer: string) => {
        const reader = await copy.openReader();
        try {
          const chain: AuditRecord[] = [];
          for await (const r of reader.readChain(writer)) chain.push(r);
          return chain;
        } finally {
          await reader.close();
        }
      };
      /** verifyAudit and the CLI both name this record first, and nothing else is broken. */
      const expectBroken = async (writer: string, seq: number, kind: string) => {
        const report = await verify();
        expect(report.problems).toEqual([{ writer, seq, kind, detail: expect.any(String) }]);
        const cli = await copy.verifyCli(jwksFile);
        expect(cli.status).toBe(1);
        expect(cli.stdout.split('\n').filter((l) => l.startsWith('FIRST BROKEN RECORD'))).toEqual([
          `FIRST BROKEN RECORD: writer=${writer} seq=${seq} (${kind}: ${report.problems[0]!.detail})`,
        ]);
      };

      it('verifies the untouched trail, with verifyAudit and npm run audit:verify', async () => {
        const report = await verify();
        expect(report.problems).toEqual([]);
        expect(report.ok).toBe(true);
        const departments = report.chains.map((c) => c.writer.split('@')[0]);
        expect(departments).toEqual(
          expect.arrayContaining(['gateway', 'public-security', 'big-data-center', 'tax']),
        );
        const cli = await copy.verifyCli(jwksFile);
        expect(cli.status).toBe(0);
        expect(cli.stdout.trim().split('\n').pop()).toBe(
          `${report.chains.length} chains, ${report.records} records, ${report.checkpoints} checkpoint${report.checkpoints === 1 ? '' : 's'}: all verify`,
        );
      });

      it("finds a field edited (the address dropped from the citizen's own read)", async () => {
        const r = await recordOf(ran[1]!.traceId, 'public-security', (x) => x.purpose === null);
        expect(r.fields).toEqual(['birthDate', 'householdAddress', 'name']);
        await copy.dropTriggers();
        await copy.exec('UPDATE audit_records SET fields = ? WHERE writer = ? AND seq = ?', [
          '["name"]',
          r.writer,
          r.seq,
        ]);
        await expectBroken(r.writer, r.seq, 'edited');
      });

      it("finds a record deleted (the tax record's read in the counter view)", async () => {
        const r = await recordOf(
          ran[0]!.traceId,
          'big-data-center',
          (x) => x.entityId === `TX-IIT-2025-${GOLDEN.zhangWei}`,
        );
        await copy.dropTriggers();
        await copy.exec('DELETE FROM audit_records WHERE writer = ? AND seq = ?', [r.writer, r.seq]);
        await expectBroken(r.writer, r.seq, 'deleted');
      });

      it('finds a forged record slipped in with a correct link and hash, the rest renumbered', async () => {
        const r = await recordOf(ran[1]!.traceId, 'gateway', () => true);
        const before = (await chainOf(r.writer)).find((x) => x.seq === r.seq - 1)!;
        await copy.dropTriggers();
        await copy.exec('UPDATE audit_records SET seq = -(seq + 1) WHERE writer = ? AND seq >= ?', [
          r.writer,
          r.seq,
        ]);
        await copy.exec('UPDATE audit_records SET seq = -seq WHERE writer = ? AND seq < 0', [r.writer]);
        const body = { ...r, actor: 'officer-0099', entityId: 'Harmless', seq: r.seq, prevHash: before.hash };
        await copy.exec(
          `INSERT INTO audit_records (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map(() => '?').join(', ')})`,
          recordValues({ ...body, hash: hashRecord(body) }),
        );
        await expectBroken(r.writer, r.seq, 'inserted');
      });

      it("finds two records' order swapped", async () => {
        const r = await recordOf(ran[3]!.traceId, 'market-supervision', () => true);
        expect((await chainOf(r.writer)).some((x) => x.seq === r.seq + 1)).toBe(true);
        await copy.dropTriggers();
        await copy.exec('UPDATE audit_records SET seq = -seq WHERE writer = ? AND seq IN (?, ?)', [
          r.writer,
          r.seq,
          r.seq + 1,
        ]);
        // -s becomes s + 1 and -(s + 1) becomes s: the two records trade places.
        await copy.exec('UPDATE audit_records SET seq = seq + ? WHERE writer = ? AND seq < 0', [
          2 * r.seq + 1,
          r.writer,
        ]);
        await expectBroken(r.writer, r.seq, 'reordered');
      });
    });

    describe('fail closed', () => {
      const E2E: Caller = { claims: TEST_OFFICER, purpose: TEST_PURPOSE };
      const IDENTITY =
        'query IdentityCheck($id: ID!) { person(id: $id) { name nameLatin documentNumber birthDate sex nationality } }';
      const leaked = (reply: GraphQLReply, values: readonly string[]) =>
        values.filter((v) => JSON.stringify(reply.body).includes(v));
      const counterView = (traceId: string) =>
        send(COUNTER_VIEW_QUERY, { id: GOLDEN.zhangWei }, E2E, traceId);
      /** What the counter view reads for the E2E-TEST officer (health data included) now that Zhang Wei has an open case. */
      const counterViewRecords = (traceId: string) => {
        const submitted = ran[WORKLOAD.findIndex((s) => s.rootFields[0] === 'submitCase')]!.reply;
        const ownCase = (submitted.body.data!.submitCase as { case: { id: string } }).case.id;
        const reads = counterViewReads({ health: true, ownOpenCases: [ownCase] });
        return readRecords(reads, traceId, E2E, 'counter', TEST_PURPOSE);
      };
      afterEach(() => trail.outage([]));

      it('returns nothing of a person when their department cannot record the read, until it can', async () => {
        await trail.outage(['public-security']);
        const down = nextTrace();
        const reply = await send(IDENTITY, { id: GOLDEN.zhangWei }, OFFICER_CHECKING_IDENTITY, down);
        expect([reply.status, reply.body.data, codes(reply)]).toEqual([
          200,
          { person: null },
          [['AUDIT_UNAVAILABLE', 'public-security']],
        ]);
        expect(leaked(reply, ZHANG_WEI_VALUES)).toEqual([]);
        // The gateway's record says the request failed; public security holds nothing of it.
        expect((await recordsOf(down)).map((r) => [r.kind, r.department, r.outcome])).toEqual([
          ['request', 'gateway', 'failed'],
        ]);

        await trail.outage([]);
        const up = nextTrace();
        const again = await send(IDENTITY, { id: GOLDEN.zhangWei }, OFFICER_CHECKING_IDENTITY, up);
        expect([again.status, again.body]).toEqual([
          200,
          {
            data: {
              person: {
                name: '张伟',
                nameLatin: 'ZHANG WEI',
                documentNumber: GOLDEN.zhangWei,
                birthDate: '1990-03-07',
                sex: 'MALE',
                nationality: 'CHN',
              },
            },
          },
        ]);
        expect(
          (await recordsOf(up)).map((r) => [r.kind, r.department, r.fields.join(','), r.outcome]).sort(),
        ).toEqual([
          ['read', 'public-security', 'birthDate,documentNumber,name,nameLatin,nationality,sex', 'returned'],
          ['request', 'gateway', 'person', 'returned'],
        ]);
      });

      it("withholds one department's part when only that department cannot record it", async () => {
        await trail.outage(['big-data-center']);
        const traceId = nextTrace();
        const reply = await counterView(traceId);
        expect([reply.status, codes(reply)]).toEqual([200, [['AUDIT_UNAVAILABLE', 'big-data-center']]]);
        const person = reply.body.data!.person as Record<string, unknown>;
        expect(person.certificates).toBeNull();
        expect(person.name).toBe('张伟');
        expect(leaked(reply, ZHANG_WEI_CERTIFICATES)).toEqual([]);
        expect(leaked(reply, ['居民身份证', '食品从业人员健康证明', '社会保障卡'])).toEqual([]);
        const stored = await recordsOf(traceId);
        expect(lines(stored.filter((r) => r.kind === 'read'))).toEqual(
          lines(counterViewRecords(traceId).filter((r) => r.department !== 'big-data-center')),
        );
      });

      it('withholds the whole answer when the gateway cannot record the request, though departments recorded their reads', async () => {
        await trail.outage(['gateway']);
        const traceId = nextTrace();
        const reply = await counterView(traceId);
        expect([reply.status, reply.body.data, codes(reply)]).toEqual([
          503,
          null,
          [['AUDIT_UNAVAILABLE', undefined]],
        ]);
        expect(leaked(reply, ZHANG_WEI_VALUES)).toEqual([]);
        expect(lines(await recordsOf(traceId))).toEqual(lines(counterViewRecords(traceId)));
      });

      it('returns nothing and records nothing while the whole store is down', async () => {
        await trail.outage([...Object.keys(stack.subgraphs), 'gateway']);
        const traceId = nextTrace();
        const reply = await counterView(traceId);
        expect([reply.status, reply.body.data, codes(reply)]).toEqual([
          503,
          null,
          [['AUDIT_UNAVAILABLE', undefined]],
        ]);
        expect(leaked(reply, ZHANG_WEI_VALUES)).toEqual([]);
        expect(await recordsOf(traceId)).toEqual([]);
      });

      it('answers in full once the store is back, and every chain still verifies', async () => {
        const traceId = nextTrace();
        const reply = await counterView(traceId);
        expect([reply.status, codes(reply)]).toEqual([200, []]);
        expect(leaked(reply, COUNTER_VIEW_VALUES)).toEqual(COUNTER_VIEW_VALUES);
        const request = {
          ...expectedRecords(WORKLOAD[0]!, traceId, reply).pop()!,
          actor: 'officer-e2e',
          purpose: TEST_PURPOSE,
          caseId: null,
        };
        expect(lines(await recordsOf(traceId))).toEqual(lines([...counterViewRecords(traceId), request]));
        const reader = await trail.openReader();
        try {
          const report = await verifyAudit(reader, stack.trust.auditPublicJwks);
          expect(report.problems).toEqual([]);
        } finally {
          await reader.close();
        }
      });
    });
  });
}
