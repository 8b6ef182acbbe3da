import { msPer, percentiles, round, toRow, type LoadRequest } from './autocannon-run';
import { runPaced, type PacedRun } from './paced-load';
import {
  cpuMeter,
  machineCpuColumns,
  machineMeter,
  ownCpuMeter,
  type CpuSpan,
  type MachineSpan,
} from './process-stats';
import type { ScenarioRow } from './scenario';
import { subgraphCpuColumns, type SubgraphProcesses } from './subgraph-processes';

/** The paced row's rate, as a share of the rate the closed loop reached. */
export const PACED_SHARE = 0.25;
/** The paced row's longest run, in s: it runs on one pool of codes, which lives 60 s. */
export const MAX_PACED_SEC = 15;
export const PACED_VARIANT =
  'verifyDigitalId through the gateway, paced at a quarter of that rate (open loop)';
/** Paced CPU per scan past this multiple of the closed loop's counts as dearer, and the note says why. */
const DEARER = 1.2;

/** What the paced scans cost, process by process, over the run. */
export interface PacedMeasure {
  run: PacedRun;
  rate: number;
  seconds: number;
  gateway: CpuSpan;
  subgraphs?: CpuSpan;
  bench: CpuSpan;
  machine: MachineSpan;
}

/** Scans at `rate` a second for `seconds` through the gateway (runPaced), every process's CPU metered as in the closed loop. */
export async function measurePaced(a: {
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  next: () => LoadRequest;
  gatewayPid: number;
  subgraphs?: SubgraphProcesses;
}): Promise<PacedMeasure> {
  const gateway = cpuMeter(a.gatewayPid);
  const subgraphs = a.subgraphs?.cpuMeter();
  const bench = ownCpuMeter();
  const machine = machineMeter();
  const run = await runPaced({ ...a, label: 'paced' });
  return {
    run,
    rate: a.rate,
    seconds: a.seconds,
    gateway: gateway(),
    subgraphs: subgraphs?.(),
    bench: bench(),
    machine: machine(),
  };
}

/** The paced row: rate, latencies, the load tool's own lateness, each process's CPU per scan. */
export function pacedRow(m: PacedMeasure, connections: number): ScenarioRow {
  const scans = m.run.requests;
  const [lateP50, lateP99] = percentiles(m.run.sendLateMs, [50, 99]);
  return toRow(PACED_VARIANT, m.run, connections, {
    'paced rate/s': m.rate,
    'load tool send lateness p50 / p99 ms': `${round(lateP50!, 1)} / ${round(lateP99!, 1)}`,
    'gateway CPU %': round(m.gateway.percent, 1),
    'gateway CPU ms/scan': msPer(m.gateway.cpuMs, scans),
    ...subgraphCpuColumns(m.subgraphs, m.bench, scans, 'scan'),
    'CPU ms/scan, all processes': msPer(m.gateway.cpuMs + (m.subgraphs?.cpuMs ?? 0) + m.bench.cpuMs, scans),
    ...(scans > 0 ? machineCpuColumns(m.machine, scans, 'scan') : {}),
  });
}

/** The paced row's note: what it measured, and how a scan's CPU compared with the closed loop's. */
export function pacedNote(
  row: ScenarioRow,
  closed: ScenarioRow,
  m: PacedMeasure,
  connections: number,
): string {
  const paced = Number(row.extra!['CPU ms/scan, all processes']);
  const busy = Number(closed.extra!['CPU ms/scan, all processes']);
  const compared = !(Number.isFinite(paced) && Number.isFinite(busy))
    ? ''
    : paced > busy * DEARER
      ? ` A scan cost more CPU at that rate than in the closed loop (${paced} ms against ${busy} ms in all; the ` +
        `gateway's ${row.extra!['gateway CPU ms/scan']} against ${closed.extra!['gateway CPU ms/scan']} ms): scans ` +
        `arriving one by one, each process wakes, reads, writes and commits audit records for one where the busy ` +
        `loop serves many per wake-up and per commit.`
      : ` A scan cost about the CPU it costs in the closed loop (${paced} ms against ${busy} ms in all).`;
  return (
    `Paced: after the closed loop, the same scanners and codes at ${m.rate} scans/s (${PACED_SHARE * 100}% of the ` +
    `rate reached), sent at even intervals for ${m.seconds} s over at most ${connections} connections whether or ` +
    `not earlier scans were answered (test/bench/paced-load.ts, an open loop), each timed from when it was due (the ` +
    `load tool sent them ${row.extra!['load tool send lateness p50 / p99 ms']} ms late at p50 / p99, which the ` +
    `latencies include): the latency a gate sees with the machine less busy (machine CPU ` +
    `${row.extra!['machine CPU % (every process)']} %), p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms. The closed ` +
    `loop's latency is the wait for a core.${compared}`
  );
}
