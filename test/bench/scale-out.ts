import { LEGACY_SYSTEMS } from '../faults/policy';
import os from 'node:os';
import { COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES } from '../../gateway/first-query';
import { openAuditReader } from '../../trust/audit/open-audit-store';
import { verifyAudit, type VerifyReport } from '../../trust/audit/verify';
import type { GatewayRun } from '../helpers/gateway-process';
import { startStack, type Stack } from '../helpers/stack';
import {
  codesText,
  errorCount,
  mergeRuns,
  round,
  runAutocannon,
  toRow,
  type LoadRun,
} from './autocannon-run';
import {
  counterViewRequests,
  postAll,
  prepareCounterViews,
  type CounterViewPerson,
  type CounterViewSet,
} from './counter-view-requests';
import { gatewayRuntime, startOurGateway } from './gateway-processes';
import { REALISTIC_LATENCY_MS } from './latencies';
import {
  cpuMeter,
  machineCpuColumns,
  machineMeter,
  ownCpuMeter,
  totalCpuSpan,
  totalMachineSpan,
  type CpuSpan,
  type MachineSpan,
} from './process-stats';
import type { ScenarioResult, ScenarioRow } from './scenario';
import type { ScenarioOptions } from './scenario-options';
import { stopProcess } from './stop-process';
import {
  legacyCallsBySystem,
  startSubgraphProcesses,
  subgraphCpuColumns,
  subgraphRuntime,
  type SubgraphProcesses,
} from './subgraph-processes';

export const SCENARIO = 'scale-out';
/** Distinct bulk people viewed, as in the counter-view scenario. */
const PEOPLE = 1_000;
/**
 * Connections in all (split evenly over the gateways in the two-instance variant). More than the
 * counter view's 20: a closed loop measures capacity only when it keeps one gateway busy.
 */
const DEFAULT_CONNECTIONS = 40;
/** People whose views through gateway B after gateway A give the cross-instance cache figure. */
const CROSS_PEOPLE = 50;
/** The issue's goal: two instances serve at least this many times one instance. */
const GOAL_RATIO = 1.6;
/** The subgraphs that cache legacy records (restarted between A's and B's views: fresh adapters). */
const CACHING_SUBGRAPHS = LEGACY_SYSTEMS;

/** Runs that went on at the same time (one per gateway) as one: counts added, duration the longest. */
export function concurrentRuns(runs: LoadRun[]): LoadRun {
  const merged = mergeRuns(runs);
  merged.durationSec = Math.max(0, ...runs.map((r) => r.durationSec));
  return merged;
}

/** Legacy calls between two counter snapshots (legacyCallsBySystem), in all. */
const callsBetween = (before: Record<string, number>, after: Record<string, number>) =>
  Object.keys(after).reduce((n, k) => n + (after[k] ?? 0) - (before[k] ?? 0), 0);

/** Counter views of some people from the set's officers, each for the person's case. */
function viewsOf(set: CounterViewSet, people: CounterViewPerson[]) {
  return people.map((p, i) => ({
    body: JSON.stringify({
      query: COUNTER_VIEW_QUERY,
      operationName: 'CounterView',
      variables: { id: p.id },
    }),
    headers: {
      authorization: `Bearer ${set.officerTokens[i % set.officerTokens.length]}`,
      'x-purpose': `case:${p.caseId}`,
    },
  }));
}

/** The audit trail of a stack as its gateway processes write it: PostgreSQL schema or SQLite file. */
async function verifyTrail(stack: Stack): Promise<VerifyReport> {
  const env = stack.trust.gatewayProcessEnv;
  const reader = await openAuditReader(
    env.DATABASE_URL
      ? { databaseUrl: env.DATABASE_URL, pgSchema: env.AUDIT_PG_SCHEMA }
      : { sqlitePath: env.AUDIT_SQLITE_PATH },
  );
  try {
    return await verifyAudit(reader, stack.trust.auditPublicJwks, {
      progressEvery: 20_000,
      onProgress: (writer, n) => process.stderr.write(`  [audit:verify] ${writer}: ${n} records\n`),
    });
  } finally {
    await reader.close();
  }
}

/**
 * `scale-out`: the counter view (counter-view-bench.ts: 1,000 bulk people, a case each, 50 window
 * officers, mocks at realistic latencies) on one gateway process against two, both joined to one
 * stack whose cache is Redis and whose cases and audit trail are PostgreSQL when REDIS_URL and
 * DATABASE_URL are set, both over the same subgraphs, each its own process (subgraph-processes.ts;
 * in the bench process with `--in-process-subgraphs`). The load tool splits its connections evenly over the two gateways (one
 * autocannon per gateway, run together: a round-robin by connection, as a load balancer's).
 *
 * 1. Cross-instance cache: 50 people viewed through gateway A; every caching subgraph restarted
 *    (a fresh process, or fresh adapters in process; same cache); the same people through gateway B: the legacy calls B's views
 *    make are what the shared cache did not hold.
 * 2. Every person viewed once (warm caches), then the variants take turns: one, two, one, two,
 *    each for half of `seconds`, at `connections` in all; RPS, p50/p95/p99, errors, each process's CPU.
 * 3. Both gateways drained (SIGTERM); `verifyAudit` over every chain, both gateways' included.
 */
export async function runScaleOut(options: ScenarioOptions): Promise<ScenarioResult> {
  const connections = Math.max(2, Math.round((options.connections ?? DEFAULT_CONNECTIONS) / 2) * 2);
  const { REDIS_URL, DATABASE_URL, MARIADB_URL } = process.env;
  const notes: string[] = [];
  if (!REDIS_URL)
    notes.push(
      'REDIS_URL was not set: each subgraph caches in its own process, so the cross-instance figure shows what a restart (or another instance) must read again.',
    );
  if (!DATABASE_URL)
    notes.push(
      'DATABASE_URL was not set: cases and the audit trail were in SQLite files on this machine, not a shared PostgreSQL.',
    );
  process.stderr.write(`${SCENARIO}: starting the stack (${PEOPLE} bulk people, realistic mock latencies)\n`);
  const stack = await startStack({
    people: PEOPLE,
    mockLatencyMs: REALISTIC_LATENCY_MS,
    redisUrl: REDIS_URL,
    databaseUrl: DATABASE_URL,
    mariadbUrl: MARIADB_URL,
  });
  const gateways: GatewayRun[] = [];
  let subgraphs: SubgraphProcesses | undefined;
  const legacyCalls = () => legacyCallsBySystem(stack, subgraphs);
  try {
    if (!options.inProcessSubgraphs) {
      process.stderr.write(`${SCENARIO}: starting the nine subgraph processes\n`);
      subgraphs = await startSubgraphProcesses(stack, options, 'scale-out-subgraph');
    }
    const a = await startOurGateway(stack, options, 'scale-out-gateway-a', subgraphs?.urls);
    gateways.push(a);
    const b = await startOurGateway(stack, options, 'scale-out-gateway-b', subgraphs?.urls);
    gateways.push(b);
    const set = await prepareCounterViews(stack, a.url, PEOPLE);

    process.stderr.write(`${SCENARIO}: the cache filled through gateway A, read through gateway B\n`);
    const cross = set.people.slice(-CROSS_PEOPLE);
    const before = await legacyCalls();
    await postAll(a.url, viewsOf(set, cross), `${CROSS_PEOPLE} views through gateway A`);
    const callsA = callsBetween(before, await legacyCalls());
    for (const name of CACHING_SUBGRAPHS)
      await (subgraphs ? subgraphs.restart(name) : stack.restartSubgraph(name));
    await new Promise((r) => setTimeout(r, 200)); // the gateways' pools see the old sockets close
    const between = await legacyCalls();
    await postAll(b.url, viewsOf(set, cross), `the same ${CROSS_PEOPLE} views through gateway B`);
    const callsB = callsBetween(between, await legacyCalls());

    process.stderr.write(`${SCENARIO}: every person viewed once (caches warm), A and B in turn\n`);
    const warm = await stack.authHeaders();
    const golden = JSON.stringify({
      query: COUNTER_VIEW_QUERY,
      operationName: 'CounterView',
      variables: COUNTER_VIEW_VARIABLES,
    });
    for (const g of [a, b]) await postAll(g.url, Array(50).fill({ body: golden, headers: warm }), 'warm-up');
    const views = viewsOf(set, set.people);
    await Promise.all([
      postAll(
        a.url,
        views.filter((_, i) => i % 2 === 0),
        'first views through A',
      ),
      postAll(
        b.url,
        views.filter((_, i) => i % 2 === 1),
        'first views through B',
      ),
    ]);

    const slice = options.seconds / 2;
    const next = counterViewRequests(set, 11);
    const fresh = () => ({
      runs: [] as LoadRun[],
      cpu: [] as number[][],
      subgraphCpu: [] as CpuSpan[],
      ownCpu: [] as CpuSpan[],
      machine: [] as MachineSpan[],
      calls: 0,
    });
    const variants = [
      { name: '1 gateway process', urls: [a.url], ...fresh() },
      { name: '2 gateway processes', urls: [a.url, b.url], ...fresh() },
    ];
    for (const turn of [1, 2])
      for (const v of variants) {
        process.stderr.write(
          `${SCENARIO}: ${v.name}, turn ${turn} of 2 (${slice} s, ${connections} connections)\n`,
        );
        const meters = [cpuMeter(a.proc.pid!), cpuMeter(b.proc.pid!)];
        const subgraphMeter = subgraphs?.cpuMeter();
        const ownMeter = ownCpuMeter();
        const machine = machineMeter();
        const calls0 = await legacyCalls();
        const runs = await Promise.all(
          v.urls.map((url, i) =>
            runAutocannon({
              url,
              connections: connections / v.urls.length,
              seconds: slice,
              next,
              label: `${v.name} ${turn}/2${v.urls.length > 1 ? ` → ${'AB'[i]}` : ''}`,
            }),
          ),
        );
        v.cpu.push(meters.map((m) => m().percent));
        if (subgraphMeter) v.subgraphCpu.push(subgraphMeter());
        v.ownCpu.push(ownMeter());
        v.machine.push(machine());
        v.calls += callsBetween(calls0, await legacyCalls());
        v.runs.push(concurrentRuns(runs));
      }

    process.stderr.write(`${SCENARIO}: draining both gateways, then audit:verify over every chain\n`);
    for (const g of gateways) await stopProcess(g);
    const exits = await Promise.all(gateways.map((g) => g.exited));
    const report = await verifyTrail(stack);
    const chainsOf = (g: GatewayRun) =>
      report.chains.filter((c) => c.writer.startsWith('gateway@') && c.writer.includes(`:${g.proc.pid}:`));
    const gatewayChains = [...chainsOf(a), ...chainsOf(b)];

    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const rows: ScenarioRow[] = variants.map((v) => {
      const run = mergeRuns(v.runs);
      return toRow(v.name, run, connections, {
        'legacy calls/request': round(v.calls / run.requests, 2),
        'gateway A CPU %': round(mean(v.cpu.map((c) => c[0]!)), 1),
        'gateway B CPU %': round(mean(v.cpu.map((c) => c[1]!)), 1),
        ...subgraphCpuColumns(
          subgraphs ? totalCpuSpan(v.subgraphCpu) : undefined,
          totalCpuSpan(v.ownCpu),
          run.requests,
        ),
        ...machineCpuColumns(totalMachineSpan(v.machine), run.requests),
      });
    });
    const [one, two] = rows as [ScenarioRow, ScenarioRow];
    const ratio = two.rps / one.rps;
    const cores = os.availableParallelism();
    const goals = [
      {
        goal: `two gateway processes serve ≥ ${GOAL_RATIO} × one (RPS at ${connections} connections; ${cores} cores here)`,
        measured: `${round(ratio, 2)} × (${two.rps} vs ${one.rps} RPS)`,
        met: ratio >= GOAL_RATIO,
      },
      {
        goal: 'zero errors on one and on two gateways',
        measured: `${one.errors} and ${two.errors}`,
        met: one.errors === 0 && two.errors === 0,
      },
      {
        goal: 'a cache filled through one instance is hit through the other',
        measured: `${callsB} legacy calls for ${CROSS_PEOPLE} views through B after A (A made ${callsA}; hit rate ${round(
          (1 - callsB / Math.max(1, callsA)) * 100,
          1,
        )} %)`,
        met: callsB === 0 && callsA > 0,
      },
      {
        goal: 'audit:verify passes on every chain, both gateways’ included',
        measured: `${report.ok ? 'ok' : `${report.problems.length} broken`}: ${report.chains.length} chains, ${report.records} records; gateway chains ${gatewayChains.map((c) => `${c.records} records ${c.ok ? 'ok' : 'BROKEN'}`).join(', ')}; gateways exited ${exits.join(', ')}`,
        met: report.ok && gatewayChains.length === 2 && gatewayChains.every((c) => c.ok && c.records > 0),
      },
    ];
    notes.push(
      `The counter view of counter-view-bench.ts: ${set.people.length} bulk people, one ${set.matterCode} case each (opened through gateway A), ` +
        `${set.officerTokens.length} window officers, x-purpose case:<id>, query CounterView; mocks at ${JSON.stringify(REALISTIC_LATENCY_MS)} ms. ` +
        `Measured on repeat views (every person viewed once before, through A or B), so the legacy systems answer mostly from the ` +
        `cache (certificates expire after 1 min, cases after 5 s) and the data layer's CPU, not the legacy latencies, sets the pace.`,
      `Variants took turns (one, two, one, two; ${slice} s each). Two gateways: one autocannon per gateway with ` +
        `${connections / 2} connections each, run together (a round-robin by connection, as a load balancer's); one gateway: ` +
        `gateway A alone with ${connections}. Gateways: their own processes, NODE_ENV=production, ${gatewayRuntime(options)}; ` +
        `both over the same subgraphs (${subgraphRuntime(subgraphs)}) and the same in-process mocks (the bench process's).`,
      `Cores: ${cores}, shared by the bench process (autocannon, seven mocks${subgraphs ? '' : ', nine subgraphs'} on one event loop), ` +
        `${subgraphs ? 'the nine subgraph processes, ' : ''}both gateways, Redis and PostgreSQL. CPU % is of one core` +
        `${subgraphs ? " (the subgraph processes' summed over the nine)" : ''}. A second gateway can only add throughput while a core ` +
        `has time to spare: when one gateway plus the ${subgraphs ? 'subgraphs and the bench process' : 'bench process'} already fill ` +
        `both cores, two gateways split the same CPU and the ratio stays near 1. ` +
        `The ratio on a machine with a core per gateway and the subgraphs elsewhere is what the goal is about.`,
      `Cross-instance cache: ${CROSS_PEOPLE} people viewed through A (${callsA} legacy calls, some records already cached when their ` +
        `cases were opened), then every caching subgraph (${CACHING_SUBGRAPHS.join(', ')}) restarted as a fresh ` +
        `${subgraphs ? 'process' : 'instance'} on the same cache, then the same views through B: ${callsB} legacy calls. The gateways hold no cache of their own; with Redis the fresh ` +
        `subgraph instances find what the old ones read (test/scale/two-gateways.integration.test.ts shows the same with two ` +
        `public-security instances running side by side).`,
    );
    for (const v of variants) {
      const run = mergeRuns(v.runs);
      if (errorCount(run) > 0) notes.push(`${v.name} errors: ${codesText(run)}.`);
    }
    return { scenario: SCENARIO, rows, goals, notes };
  } finally {
    for (const g of gateways) await stopProcess(g);
    await subgraphs?.stop();
    await stack.close();
  }
}
