import { Client, request } from 'undici';
import { GOLDEN } from '../../mocks/data/golden';
import { openAuditReader } from '../../trust/audit/open-audit-store';
import { verifyAudit } from '../../trust/audit/verify';
import { runGatewayProcess, stackGatewayEnv, type GatewayRun } from '../helpers/gateway-process';
import { startStack, type Stack } from '../helpers/stack';
import { TEST_OFFICER, TEST_PURPOSE } from '../helpers/trust';

/** The JSON log lines a process wrote so far (pino), skipping anything else it printed. */
function logLines(run: GatewayRun): Record<string, unknown>[] {
  return run
    .output()
    .split('\n')
    .flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as unknown;
        return parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
}

/** Waits until the process has logged `count` lines with this message; gives them. */
async function logged(run: GatewayRun, msg: string, count = 1, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const lines = logLines(run).filter((l) => l.msg === msg);
    if (lines.length >= count) return lines;
    if (Date.now() > until) throw new Error(`no ${count}× "${msg}" within ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Pids of the workers the primary started (in order) from its logs. */
const workerPids = async (run: GatewayRun, count: number) =>
  (await logged(run, 'gateway worker started', count)).map((l) => l.pid as number);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the gateway with GATEWAY_WORKERS=2', () => {
  let stack: Stack;
  let gw: GatewayRun & { url: string };
  let headers: Record<string, string>;
  let pids: number[];
  let metricsUrl: string;

  /** One person read on a new connection (the primary hands each connection to the next worker). */
  const readOnNewConnection = async (id: string = GOLDEN.wangQiang) => {
    const client = new Client(new URL(gw.url).origin);
    try {
      const res = await client.request({
        path: '/graphql',
        method: 'POST',
        headers,
        body: JSON.stringify({
          query: `query Who($id: ID!) { person(id: $id) { name } }`,
          variables: { id },
        }),
      });
      return { status: res.statusCode, body: (await res.body.json()) as unknown };
    } finally {
      await client.close();
    }
  };
  /** Records in each worker's audit chain (by pid), read from the stack's trail. */
  const recordsByWorker = async () => {
    const reader = await openAuditReader({ sqlitePath: stack.trust.gatewayProcessEnv.AUDIT_SQLITE_PATH });
    try {
      const chains = await reader.readChains();
      const counts: Record<number, number> = {};
      for (const pid of pids) {
        const writer = chains.find((w) => w.startsWith('gateway@') && w.includes(`:${pid}:`));
        let n = 0;
        if (writer) for await (const _ of reader.readChain(writer)) n++;
        counts[pid] = n;
      }
      return counts;
    } finally {
      await reader.close();
    }
  };

  beforeAll(async () => {
    stack = await startStack({ people: 20 });
    headers = {
      'content-type': 'application/json',
      'x-channel': 'counter',
      authorization: `Bearer ${await stack.trust.token(TEST_OFFICER)}`,
      'x-purpose': TEST_PURPOSE,
    };
    const run = await runGatewayProcess({
      ...stackGatewayEnv(stack),
      NODE_ENV: 'production',
      GATEWAY_WORKERS: '2',
      GATEWAY_METRICS_PORT: '0',
    });
    if (!run.url) throw new Error(`the gateway did not listen: ${run.output()}`);
    gw = run as GatewayRun & { url: string };
    await logged(gw, 'every gateway worker is listening');
    pids = await workerPids(gw, 2);
    metricsUrl = (await logged(gw, 'gateway workers’ metrics'))[0]!.metricsUrl as string;
  }, 90_000);
  afterAll(async () => {
    if (gw && gw.proc.exitCode === null && gw.proc.signalCode === null) gw.proc.kill('SIGKILL');
    await stack?.close();
  });

  it('answers through both workers, each writing its own audit chain', async () => {
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await readOnNewConnection());
    expect(replies).toEqual(Array(6).fill({ status: 200, body: { data: { person: { name: '王强' } } } }));
    const counts = await recordsByWorker();
    // Round-robin over six connections: three requests each, one `request` record each.
    expect(counts).toEqual({ [pids[0]!]: 3, [pids[1]!]: 3 });
  }, 30_000);

  it("sums both workers' request counts on the primary's metrics port", async () => {
    const res = await request(metricsUrl);
    const text = await res.body.text();
    expect(res.statusCode).toBe(200);
    const total = [...text.matchAll(/^owdl_graphql_requests_total\{[^}]*service="gateway"[^}]*\} (\d+)$/gm)]
      .map((m) => Number(m[1]))
      .reduce((a, b) => a + b, 0);
    expect(total).toBe(6);
  });

  it('replaces a worker that dies, and keeps answering', async () => {
    process.kill(pids[0]!, 'SIGKILL');
    const [died] = await logged(gw, 'a gateway worker died: starting another');
    expect(died).toMatchObject({ pid: pids[0], signal: 'SIGKILL' });
    pids = await workerPids(gw, 3);
    await logged(gw, 'gateway listening', 3);
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await readOnNewConnection());
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const counts = await recordsByWorker();
    expect(counts[pids[2]!]).toBeGreaterThan(0); // the replacement answered too
  }, 60_000);

  it('drains every worker on SIGTERM: the request in flight is answered, all exit, the primary exits 0', async () => {
    stack.mocks['public-security']!.controller.set({ latencyMs: 700 });
    try {
      const inFlight = readOnNewConnection(GOLDEN.zhangWei);
      await new Promise((r) => setTimeout(r, 250));
      gw.proc.kill('SIGTERM');
      expect(await inFlight).toEqual({ status: 200, body: { data: { person: { name: '张伟' } } } });
      expect(await gw.exited).toBe(0);
    } finally {
      stack.mocks['public-security']!.controller.clear();
    }
    expect(pids.map(alive)).toEqual([false, false, false]);
    await logged(gw, 'every gateway worker stopped');
  }, 30_000);

  it("leaves every chain verifiable, the workers' included", async () => {
    const reader = await openAuditReader({ sqlitePath: stack.trust.gatewayProcessEnv.AUDIT_SQLITE_PATH });
    try {
      const report = await verifyAudit(reader, stack.trust.auditPublicJwks);
      expect(report.problems).toEqual([]);
      const workers = report.chains.filter((c) => pids.some((pid) => c.writer.includes(`:${pid}:`)));
      expect(workers.map((c) => c.ok)).toEqual([true, true, true]);
    } finally {
      await reader.close();
    }
  });
});

describe('the gateway with GATEWAY_WORKERS set wrong', () => {
  it('refuses a value that is not a count, before starting any worker', async () => {
    const run = await runGatewayProcess({ GATEWAY_WORKERS: 'many' });
    expect(run.code).toBe(2);
    expect(run.output()).toContain('GATEWAY_WORKERS must be a number of worker processes (or auto)');
  }, 30_000);

  it('stops every worker and exits 1 when the workers cannot start', async () => {
    const run = await runGatewayProcess({
      GATEWAY_WORKERS: '2',
      NODE_ENV: 'production',
      CONTEXT_SIGNING_KEY_FILE: '/nonexistent/context.secret.jwk.json',
    });
    expect(run.url).toBeUndefined();
    expect(run.code).toBe(1);
    expect(run.output()).toContain('a gateway worker exited before it listened');
    const pids = logLines(run)
      .filter((l) => l.msg === 'gateway worker started')
      .map((l) => l.pid as number);
    expect(pids).toHaveLength(2);
    expect(pids.map(alive)).toEqual([false, false]);
  }, 60_000);
});
