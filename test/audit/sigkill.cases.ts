import { Pool } from 'undici';
import { COUNTER_VIEW_QUERY } from '../../gateway/first-query';
import { GOLDEN } from '../../mocks/data/golden';
import { verifyAudit, type VerifyReport } from '../../trust/audit/verify';
import { startStack, type Stack, type StackOptions } from '../helpers/stack';
import { startGatewayProcess } from '../helpers/gateway-process';
import { trailAccess } from './trail-access';
import {
  CASE_LOOKUPS,
  COUNTER_VIEW_READS,
  OFFICER_ON_CASE,
  lines,
  readRecords,
  shapeOf,
  traceIdOf,
  traceparent,
} from './workload';

/** Concurrent client loops, each sending the next counter view as soon as the last one is answered. */
const LOOPS = 8;
/** Answers fully received before the kill: past 100 the gateway's chain has a count-triggered checkpoint. */
const KILL_AFTER = 120;

/**
 * A gateway process SIGKILLed under load loses no record of an answer it sent: the gateway writes
 * a request's record before answering (and each department its reads before answering the
 * gateway), so every answer the client fully received with HTTP 200 has its gateway record and
 * every department read of its trace in the trail, and every chain still verifies (the killed
 * gateway's records after its last checkpoint are vouched for by the chain alone). The same cases
 * run on embedded SQLite (sigkill.test.ts) and on PostgreSQL (sigkill.integration.test.ts).
 */
export function describeSigkill(title: string, options: () => StackOptions): void {
  describe(title, () => {
    let stack: Stack;
    let gateway: Awaited<ReturnType<typeof startGatewayProcess>>;
    /** Trace ids of the answers fully received with 200 and the whole counter view. */
    const answered: string[] = [];
    /** How requests that got no such answer ended (in flight at the kill, or sent after it). */
    const cut: string[] = [];
    let report: VerifyReport;
    let gatewayWriter: string;

    beforeAll(async () => {
      stack = await startStack(options());
      gateway = await startGatewayProcess(stack);
      const token = await stack.trust.token(OFFICER_ON_CASE.claims!);
      const client = new Pool(new URL(gateway.url).origin, { connections: LOOPS });
      let killed = false;
      const loop = async (l: number) => {
        for (let i = 0; !killed; i++) {
          const traceId = traceIdOf('5191c111', l * 100_000 + i);
          try {
            const res = await client.request({
              path: '/graphql',
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'x-channel': 'counter',
                authorization: `Bearer ${token}`,
                'x-purpose': OFFICER_ON_CASE.purpose!,
                traceparent: traceparent(traceId),
              },
              body: JSON.stringify({ query: COUNTER_VIEW_QUERY, variables: { id: GOLDEN.zhangWei } }),
            });
            const body = (await res.body.json()) as {
              data?: { person?: { name?: string } };
              errors?: unknown;
            };
            if (res.statusCode === 200 && !body.errors && body.data?.person?.name === '张伟')
              answered.push(traceId);
            else cut.push(`HTTP ${res.statusCode}`);
          } catch (e) {
            cut.push((e as { code?: string }).code ?? (e as Error).message);
            return;
          }
          if (!killed && answered.length >= KILL_AFTER) {
            killed = true;
            gateway.proc.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: LOOPS }, (_, l) => loop(l)));
      expect(await gateway.exited).toBe('SIGKILL');
      await client.destroy();
      const reader = await trailAccess(stack.trust.gatewayProcessEnv).openReader();
      try {
        report = await verifyAudit(reader, stack.trust.auditPublicJwks);
      } finally {
        await reader.close();
      }
      gatewayWriter = report.chains.find((c) => c.writer.includes(`:${gateway.proc.pid}:`))!.writer;
    }, 60_000);
    afterAll(async () => {
      if (gateway && gateway.proc.exitCode === null && gateway.proc.signalCode === null)
        gateway.proc.kill('SIGKILL');
      await stack?.close();
    });

    it('was killed mid-load, after every request before had been answered in full', () => {
      expect(answered.length).toBeGreaterThanOrEqual(KILL_AFTER);
      // No request failed before the kill; those in flight then (one per loop at most) were cut off.
      expect(cut.length).toBeLessThanOrEqual(LOOPS);
      expect(cut.every((c) => !c.startsWith('HTTP'))).toBe(true);
    });

    it('holds the gateway record and every department read of each answer the client received', async () => {
      const missing: string[] = [];
      for (const traceId of answered) {
        const records = await stack.audit.query({ traceId, limit: 1000 });
        const requests = records.filter((r) => r.kind === 'request');
        if (
          requests.length !== 1 ||
          requests[0]!.writer !== gatewayWriter ||
          requests[0]!.outcome !== 'returned'
        )
          missing.push(
            `${traceId}: request records ${JSON.stringify(requests.map((r) => [r.writer, r.outcome]))}`,
          );
        const shapes = records.filter((r) => r.kind === 'read').map(shapeOf);
        const reads = shapes.filter((r) => r.purpose !== 'ACCESS-CHECK');
        const wanted = readRecords(
          COUNTER_VIEW_READS,
          traceId,
          OFFICER_ON_CASE,
          'counter',
          OFFICER_ON_CASE.purpose!,
        );
        if (JSON.stringify(lines(reads)) !== JSON.stringify(lines(wanted)))
          missing.push(`${traceId}: ${reads.length} reads, ${wanted.length} expected`);
        // Until the case's look-up is cached, a request makes it itself (several did, concurrently).
        const lookups = shapes.filter((r) => r.purpose === 'ACCESS-CHECK');
        const caseLookups = readRecords(CASE_LOOKUPS, traceId, OFFICER_ON_CASE, 'counter', 'ACCESS-CHECK');
        if (lookups.length > 0 && JSON.stringify(lines(lookups)) !== JSON.stringify(lines(caseLookups)))
          missing.push(`${traceId}: ${lookups.length} look-up reads`);
      }
      expect(missing).toEqual([]);
    });

    it("verifies every chain, the killed gateway's unsigned tail included", () => {
      expect(report.problems).toEqual([]);
      const chain = report.chains.find((c) => c.writer === gatewayWriter)!;
      expect(chain.ok).toBe(true);
      // One record per request it answered, and perhaps some it recorded but never got to send.
      expect(chain.records).toBeGreaterThanOrEqual(answered.length);
      expect(chain.records).toBeLessThanOrEqual(answered.length + LOOPS);
      // Checkpoints come every 100 records (or 10 s, on a slow machine sooner): the unsigned tail is shorter.
      expect(chain.lastCheckpointSeq).toBeGreaterThan(0);
      expect(chain.records - chain.lastCheckpointSeq!).toBeLessThan(100);
    });
  });
}
