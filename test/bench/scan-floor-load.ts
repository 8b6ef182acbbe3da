import path from 'node:path';
import { runAutocannon, type LoadRequest, type LoadRun } from './autocannon-run';
import { BUILD_DIR, buildGateways, runCompiled } from './gateway-build';
import {
  cpuMeter,
  machineMeter,
  ownCpuMeter,
  peakRssMb,
  type CpuSpan,
  type MachineSpan,
} from './process-stats';
import { cpuProfileArgs, type ScenarioOptions } from './scenario-options';
import { stopProcess } from './stop-process';

/** The floor's warm-up, in s: two small processes whose hot path V8 optimizes within a second or two. */
export const FLOOR_WARM_UP_SEC = 3;

/** What the floor served under the scan storm's load, and what it cost. */
export interface FloorMeasure {
  run: LoadRun;
  relay: CpuSpan;
  verifier: CpuSpan;
  bench: CpuSpan;
  machine: MachineSpan;
  relayPeakRssMb: number;
}

const LISTENING = /\{"url":"(http:\/\/127\.0\.0\.1:\d+\/)"\}/;

/**
 * Runs the floor of scan-floor.ts (a verifier process, a relay process in front of it, both
 * compiled, NODE_ENV=production) and puts the scan storm's load on the relay: the same requests
 * (`next`), the same connections, `seconds` long after FLOOR_WARM_UP_SEC of warm-up. Codes are not
 * checked for expiry there, so one run covers the whole time.
 */
export async function measureScanFloor(
  options: ScenarioOptions,
  connections: number,
  next: () => LoadRequest,
): Promise<FloorMeasure> {
  await buildGateways();
  const entry = path.join(BUILD_DIR, 'dist', 'test/bench/scan-floor.js');
  const start = (role: string, env: Record<string, string>) =>
    runCompiled('test/bench/scan-floor', [role], { NODE_ENV: 'production', ...env }, LISTENING, [
      ...cpuProfileArgs(options, `scan-storm-floor-${role}`),
      entry,
    ]);
  const verifier = await start('verifier', {});
  try {
    const relay = await start('relay', { SCAN_FLOOR_TARGET: verifier.url });
    try {
      await runAutocannon({
        url: relay.url,
        connections,
        seconds: FLOOR_WARM_UP_SEC,
        next,
        label: 'floor warm-up',
      });
      const relayCpu = cpuMeter(relay.proc.pid!);
      const verifierCpu = cpuMeter(verifier.proc.pid!);
      const bench = ownCpuMeter();
      const machine = machineMeter();
      const run = await runAutocannon({
        url: relay.url,
        connections,
        seconds: options.seconds,
        next,
        label: 'floor',
      });
      return {
        run,
        relay: relayCpu(),
        verifier: verifierCpu(),
        bench: bench(),
        machine: machine(),
        relayPeakRssMb: peakRssMb(relay.proc.pid!),
      };
    } finally {
      await stopProcess(relay);
    }
  } finally {
    await stopProcess(verifier);
  }
}
