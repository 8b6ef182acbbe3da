import os from 'node:os';
import {
  codesText,
  errorCount,
  msPer,
  round,
  runAutocannon,
  toRow,
  type LoadRequest,
  type LoadRun,
} from './autocannon-run';
import { runBenchScript } from './gateway-build';
import { runPaced } from './paced-load';
import {
  cpuMeter,
  machineCpuColumns,
  machineMeter,
  ownCpuMeter,
  type CpuSpan,
  type MachineSpan,
} from './process-stats';
import type { ScenarioRow } from './scenario';
import type { ScenarioOptions } from './scenario-options';
import { stopProcess } from './stop-process';

/** The floor's warm-up, in s: two small processes whose hot path V8 optimizes within a second or two. */
export const FLOOR_WARM_UP_SEC = 3;

/** The floor's row: two bare processes doing only what a gateway in front of a verifying subgraph cannot skip. */
export const FLOOR_VARIANT = 'floor: bare relay + verifier (two HTTP hops, the crypto)';

/** What the floor served under one load, and what it cost. */
export interface FloorSpan {
  run: LoadRun;
  relay: CpuSpan;
  verifier: CpuSpan;
  bench: CpuSpan;
  machine: MachineSpan;
}

/** The floor under the scan storm's closed loop, and paced at ours' paced rate when asked. */
export interface FloorMeasure extends FloorSpan {
  paced?: FloorSpan & { rate: number };
}

/**
 * Runs the floor of scan-floor.ts (a verifier process, a relay process in front of it, started as
 * the gateways are: compiled, or under ts-node with `--ts-node`; NODE_ENV=production) and puts the
 * scan storm's load on the relay: the same requests (`next`), the same connections, `seconds` long
 * after FLOOR_WARM_UP_SEC of warm-up; then, with `paced`, the same requests at ours' paced rate
 * (runPaced), for what a scan costs the bare pair below saturation. Codes are not checked for expiry
 * there, so one run covers the whole time.
 */
export async function measureScanFloor(
  options: ScenarioOptions,
  connections: number,
  next: () => LoadRequest,
  paced?: { rate: number; seconds: number },
): Promise<FloorMeasure> {
  const start = (role: string, env: Record<string, string>) =>
    runBenchScript(
      'scan-floor',
      [role],
      { NODE_ENV: 'production', ...env },
      options,
      `scan-storm-floor-${role}`,
    );
  const verifier = await start('verifier', {});
  try {
    const relay = await start('relay', { SCAN_FLOOR_TARGET: verifier.url });
    try {
      const url = relay.url;
      await runAutocannon({ url, connections, seconds: FLOOR_WARM_UP_SEC, next, label: 'floor warm-up' });
      const metered = async (load: () => Promise<LoadRun>): Promise<FloorSpan> => {
        const relayCpu = cpuMeter(relay.proc.pid!);
        const verifierCpu = cpuMeter(verifier.proc.pid!);
        const bench = ownCpuMeter();
        const machine = machineMeter();
        const run = await load();
        return { run, relay: relayCpu(), verifier: verifierCpu(), bench: bench(), machine: machine() };
      };
      const closed = await metered(() =>
        runAutocannon({ url, connections, seconds: options.seconds, next, label: 'floor' }),
      );
      if (!paced) return closed;
      const slow = await metered(() => runPaced({ url, ...paced, connections, next, label: 'floor paced' }));
      return { ...closed, paced: { ...slow, rate: paced.rate } };
    } finally {
      await stopProcess(relay);
    }
  } finally {
    await stopProcess(verifier);
  }
}

/** CPU ms per scan of the pair and the load tool together (NaN with none answered). */
export function floorCpuPerScan(span: FloorSpan): number {
  return msPer(span.relay.cpuMs + span.verifier.cpuMs + span.bench.cpuMs, span.run.requests);
}

/** The floor's row of the scan storm: rates, latencies, each process's CPU per scan, its share of the raw Ed25519 rate. */
export function scanFloorRow(
  floor: FloorMeasure,
  connections: number,
  benchLabel: string,
  rawEd25519: number,
): ScenarioRow {
  const scans = floor.run.requests;
  const row = toRow(FLOOR_VARIANT, floor.run, connections, {
    'relay CPU ms/scan': msPer(floor.relay.cpuMs, scans),
    'verifier CPU ms/scan': msPer(floor.verifier.cpuMs, scans),
    [`${benchLabel} CPU ms/scan`]: msPer(floor.bench.cpuMs, scans),
    'CPU ms/scan, all processes': floorCpuPerScan(floor),
    ...(scans > 0 ? machineCpuColumns(floor.machine, scans, 'scan') : {}),
  });
  row.extra!['RPS ÷ raw Ed25519 %'] = round((row.rps / rawEd25519) * 100, 1);
  return row;
}

/**
 * Whether the floor's figures can stand as a reference: every scan answered, none in error (a
 * relay whose verifier failed answers fast 502s, which would inflate it).
 */
export function floorValid(row: ScenarioRow): boolean {
  return row.requests > 0 && row.errors === 0 && Number.isFinite(row.rps);
}

/**
 * The floor's note: what it is, what it served, how ours compares, and whether the goal's rate
 * was within its reach in this run; or why its figures say nothing.
 */
export function scanFloorNote(
  row: ScenarioRow,
  floor: FloorMeasure,
  at: {
    connections: number;
    seconds: number;
    oursRps: number;
    goalRps: number;
    /** Ours' CPU per scan paced ÷ in the closed loop, all processes, when measured. */
    oursPacedRise?: number;
  },
): string {
  const cores = os.availableParallelism();
  const what =
    `Floor (test/bench/scan-floor.ts): a bare relay process in front of a bare verifier process, started as the ` +
    `gateways are, NODE_ENV=production, under the same load (the same requests, ${at.connections} connections, ` +
    `${at.seconds} s after ${FLOOR_WARM_UP_SEC} s of warm-up, measured after ours while its processes sat idle). The ` +
    `relay passes each body on over the gateway's undici pool (createSubgraphAgent); the verifier decrypts and ` +
    `verifies the code with node:crypto and answers. No GraphQL, token, signed context, audit, metrics or logs: two ` +
    `HTTP hops and the crypto, what a gateway in front of a verifying subgraph cannot skip (on Node's HTTP; its rate ` +
    `moves from run to run as ours does). `;
  if (!floorValid(row))
    return `${what}Its figures say nothing this run: ${row.requests} scans answered, errors ${codesText(floor.run)}.`;
  return (
    what +
    `It served ${row.rps}/s (${row.extra!['RPS ÷ raw Ed25519 %']}% of raw Ed25519 verify, p99 ${row.p99Ms} ms) with ` +
    `${row.extra!['CPU ms/scan, all processes']} ms of CPU per scan in all; ours served ` +
    `${round((at.oursRps / row.rps) * 100, 1)}% of that. ` +
    (row.rps < at.goalRps
      ? `The goal's ${Math.round(at.goalRps)}/s was above what the floor itself served on these ${cores} cores in this run.`
      : `The floor reached the goal's ${Math.round(at.goalRps)}/s on these ${cores} cores in this run.`) +
    pacedComparison(floor, at.oursPacedRise)
  );
}

/** The floor paced at ours' paced rate: its CPU per scan against its closed loop's, beside ours' rise. */
function pacedComparison(floor: FloorMeasure, oursRise: number | undefined): string {
  const p = floor.paced;
  if (!p) return '';
  const slow = floorCpuPerScan(p);
  const busy = floorCpuPerScan(floor);
  if (!Number.isFinite(slow) || !Number.isFinite(busy) || errorCount(p.run) > 0)
    return ` Paced at ${p.rate}/s its figures say nothing: ${p.run.requests} scans answered, errors ${codesText(p.run)}.`;
  return (
    ` Paced at ${p.rate}/s as ours was, the pair and the load tool spent ${slow} ms of CPU per scan against ` +
    `${busy} ms in its closed loop (× ${round(slow / busy, 1)}${
      oursRise !== undefined && Number.isFinite(oursRise) ? `; ours × ${round(oursRise, 1)}` : ''
    }): a scan that arrives alone costs more on this machine even with no GraphQL, token or audit.`
  );
}
