import os from 'node:os';
import type { GatewayRun } from '../helpers/gateway-process';
import { startStack } from '../helpers/stack';
import { codesText, mergeRuns, round, runAutocannon, toRow, type LoadRun } from './autocannon-run';
import {
  counterViewRequests,
  latencyByCompanies,
  postAll,
  prepareCounterViews,
} from './counter-view-requests';
import { gatewayRuntime, startOurGateway, startPlainGateway } from './gateway-processes';
import {
  cpuMeter,
  machineCpuColumns,
  machineMeter,
  ownCpuMeter,
  peakRssMb,
  totalCpuSpan,
  totalMachineSpan,
  type CpuSpan,
  type MachineSpan,
} from './process-stats';
import type { ScenarioResult } from './scenario';
import type { ScenarioOptions } from './scenario-options';
import { stopProcess } from './stop-process';
import {
  startSubgraphProcesses,
  subgraphCpuColumns,
  subgraphRuntime,
  type SubgraphProcesses,
} from './subgraph-processes';

export const SCENARIO = 'gateway overhead';
const PEOPLE = 1_000;
const DEFAULT_CONNECTIONS = 20;
/** The goals: at least twice plain's RPS, at most half its p99. */
const MIN_RPS_RATIO = 2;
const MAX_P99_RATIO = 0.5;

/** A counter view's data without the certificates health issued (health data, by purpose). */
export function withoutHealthCertificates(data: unknown): unknown {
  const person = (data as { person?: { certificates?: { issuer?: { code?: string } }[] } } | null)?.person;
  if (!person?.certificates) return data;
  return {
    ...(data as object),
    person: { ...person, certificates: person.certificates.filter((c) => c.issuer?.code !== 'health') },
  };
}

interface Variant {
  name: string;
  gateway: GatewayRun & { url: string };
  runs: LoadRun[];
  /** The gateway's CPU during each of its turns. */
  gatewayCpu: CpuSpan[];
  /** CPU of the subgraph processes (summed) during each of this gateway's turns; none with in-process subgraphs. */
  subgraphCpu: CpuSpan[];
  /** The bench process's CPU during each turn. */
  ownCpu: CpuSpan[];
  /** The machine over each turn. */
  machine: MachineSpan[];
}

/**
 * `gateway overhead`: the counter views of `counter view` (the same 1,000 people, cases, officers
 * and query) with the mocks at zero latency, through our gateway and through a plain
 * `@apollo/gateway` + `@apollo/server` with default settings (plain-gateway.ts), each its own
 * process over the same subgraphs in the same run (the subgraphs each their own process too,
 * subgraph-processes.ts, or in the bench process with `--in-process-subgraphs`). After a warm-up of every person through each,
 * the two take turns: ours, plain, ours, plain, each for half of `seconds`, so both see the same
 * machine and the same warm caches. Reports both rows and the ratios against the goals.
 */
export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const connections = options.connections ?? DEFAULT_CONNECTIONS;
  process.stderr.write(`${SCENARIO}: starting the stack (${PEOPLE} bulk people, mocks at zero latency)\n`);
  const stack = await startStack({
    people: PEOPLE,
    mockLatencyMs: 0,
    redisUrl: process.env.REDIS_URL,
    databaseUrl: process.env.DATABASE_URL,
    mariadbUrl: process.env.MARIADB_URL,
  });
  const started: GatewayRun[] = [];
  let subgraphs: SubgraphProcesses | undefined;
  try {
    if (!options.inProcessSubgraphs) {
      process.stderr.write(`${SCENARIO}: starting the nine subgraph processes\n`);
      subgraphs = await startSubgraphProcesses(stack, options, 'overhead-subgraph');
    }
    const ours = await startOurGateway(stack, options, 'overhead-ours-gateway', subgraphs?.urls);
    started.push(ours);
    const plain = await startPlainGateway(stack, options, 'overhead-plain-gateway', subgraphs?.urls);
    started.push(plain);
    const set = await prepareCounterViews(stack, ours.url, PEOPLE);
    const fresh = () => ({
      runs: [] as LoadRun[],
      gatewayCpu: [] as CpuSpan[],
      subgraphCpu: [] as CpuSpan[],
      ownCpu: [] as CpuSpan[],
      machine: [] as MachineSpan[],
    });
    const variants: Variant[] = [
      { name: 'ours', gateway: ours, ...fresh() },
      { name: 'plain @apollo/gateway', gateway: plain, ...fresh() },
    ];

    // Both must answer the view, and with the same data, or the comparison means nothing.
    const sample = set.people.find((p) => p.hasCompanies) ?? set.people[0]!;
    const one = counterViewRequests({ ...set, people: [sample] }, 1)();
    const answers = [];
    for (const v of variants) {
      const [reply] = await postAll(v.gateway.url, [one], `one view through ${v.name}`);
      answers.push(JSON.stringify(reply!.data));
    }
    const sameAnswer = answers[0] === answers[1];
    const sameButHealth = answers[0] === JSON.stringify(withoutHealthCertificates(JSON.parse(answers[1]!)));

    for (const v of variants) {
      process.stderr.write(`${SCENARIO}: warm-up through ${v.name} (each person once, not measured)\n`);
      await runAutocannon({
        url: v.gateway.url,
        connections,
        amount: set.people.length,
        next: counterViewRequests(set, 5),
        label: `warm-up ${v.name}`,
      });
    }
    const slice = options.seconds / 2;
    let seed = 10;
    for (const turn of [1, 2])
      for (const v of variants) {
        process.stderr.write(`${SCENARIO}: ${v.name}, turn ${turn} of 2 (${slice} s)\n`);
        const gatewayCpu = cpuMeter(v.gateway.proc.pid!);
        const subgraphCpu = subgraphs?.cpuMeter();
        const ownCpu = ownCpuMeter();
        const machine = machineMeter();
        v.runs.push(
          await runAutocannon({
            url: v.gateway.url,
            connections,
            seconds: slice,
            next: counterViewRequests(set, seed++),
            label: `${v.name} ${turn}/2`,
          }),
        );
        v.gatewayCpu.push(gatewayCpu());
        if (subgraphCpu) v.subgraphCpu.push(subgraphCpu());
        v.ownCpu.push(ownCpu());
        v.machine.push(machine());
      }

    const rows = variants.map((v) => {
      const merged = mergeRuns(v.runs);
      const gatewayCpu = totalCpuSpan(v.gatewayCpu);
      return {
        merged,
        row: toRow(v.name, merged, connections, {
          ...latencyByCompanies(merged),
          'gateway CPU %': round(gatewayCpu.percent, 1),
          'gateway CPU ms/request': round(gatewayCpu.cpuMs / merged.requests, 2),
          ...subgraphCpuColumns(
            subgraphs ? totalCpuSpan(v.subgraphCpu) : undefined,
            totalCpuSpan(v.ownCpu),
            merged.requests,
          ),
          ...machineCpuColumns(totalMachineSpan(v.machine), merged.requests),
          'gateway peak RSS MB': round(peakRssMb(v.gateway.proc.pid!), 1),
        }),
      };
    });
    const [o, p] = rows as [(typeof rows)[0], (typeof rows)[0]];
    const rpsRatio = o.row.rps / p.row.rps;
    const p99Ratio = o.row.p99Ms / p.row.p99Ms;
    const cpuRatio =
      (o.row.extra!['gateway CPU ms/request'] as number) / (p.row.extra!['gateway CPU ms/request'] as number);
    const goals = [
      {
        goal: `RPS ≥ ${MIN_RPS_RATIO} × plain @apollo/gateway's`,
        measured: `${o.row.rps} vs ${p.row.rps}: ${round(rpsRatio, 2)} ×`,
        met: rpsRatio >= MIN_RPS_RATIO,
      },
      {
        goal: `p99 ≤ ${MAX_P99_RATIO} × plain @apollo/gateway's`,
        measured: `${o.row.p99Ms} ms vs ${p.row.p99Ms} ms: ${round(p99Ratio, 2)} ×`,
        met: p99Ratio <= MAX_P99_RATIO,
      },
    ];
    const notes = [
      `The counter views of the \`counter view\` scenario (${set.people.length} people, a case each, ` +
        `${set.officerTokens.length} officers, query CounterView) with every mock at zero latency; each gateway ` +
        `${gatewayRuntime(options)}, in its own process, over the same subgraphs (${subgraphRuntime(subgraphs)}); after a warm-up of every person ` +
        `through each, they took turns (ours, plain, ours, plain; ${slice} s each) at ${connections} connections.`,
      `plain @apollo/gateway: ApolloGateway (supergraphSdl) in @apollo/server's startStandaloneServer, all ` +
        `defaults (its make-fetch-happen fetcher, no pools set, no caches), test/bench/plain-gateway.ts. Its one ` +
        `addition is the signed context header the subgraphs demand (x-owdl-context, signed per subgraph call ` +
        `with the stack's context key as ours signs it), for a fixed officer under the test-only purpose ` +
        `E2E-TEST: it verifies no token, checks no purpose, makes no access-check look-ups, masks nothing and ` +
        `writes no audit record of its own, all of which ours does on every request. Each plain call to a ` +
        `subgraph is an HTTP exchange of its own; ours sends the calls of one turn of its event loop to a ` +
        `subgraph as one batch (gateway/subgraph-batches.ts), each call still signed, checked and audited alone.`,
      sameAnswer
        ? 'Both gateways answered a sample view with the same data.'
        : sameButHealth
          ? "Both gateways answered a sample view with the same data but for the person's health certificates, " +
            'which E2E-TEST reveals and a service-centre officer on a case does not see (ours leaves them out).'
          : `The two gateways answered a sample view with different data (ours ${answers[0]!.length} ` +
            `characters, plain ${answers[1]!.length}): compare before trusting the ratio.`,
      `Gateway CPU per request, ours ÷ plain: ${round(cpuRatio, 2)} (a measure of each gateway's own cost ` +
        `that does not depend on which process is the bottleneck).`,
    ];
    if (subgraphs)
      notes.push(
        `Subgraph processes' CPU (summed over the nine) during each gateway's turns: the subgraph work a ` +
          `gateway's requests cause (ours sends each subgraph a signed context it verifies and audits, as plain's does).`,
      );
    if (os.cpus().length <= 2)
      notes.push(
        subgraphs
          ? `${os.cpus().length} cores shared by the gateway, the nine subgraph processes and the bench process ` +
              `(autocannon and the mocks); when the gateway's CPU plus the subgraphs' fill the cores, the machine, ` +
              `not the gateway alone, sets the pace, and the RPS and p99 ratios then understate the gateways' difference.`
          : `${os.cpus().length} cores: the bench process (autocannon, the mocks and nine subgraphs on one event ` +
              `loop) and the gateway share them; a bench process near 100% CPU means the subgraphs, not the ` +
              `gateway, set the pace, and the RPS and p99 ratios then understate the gateways' difference.`,
      );
    for (const { merged, row } of rows)
      if (row.errors > 0) notes.push(`${row.variant} errors: ${codesText(merged)}.`);
    return { scenario: SCENARIO, rows: rows.map((r) => r.row), goals, notes };
  } finally {
    for (const g of started) await stopProcess(g);
    await subgraphs?.stop();
    await stack.close();
  }
}
