import os from 'node:os';
import { emptyRun } from './autocannon-run';
import { floorValid, FLOOR_VARIANT, scanFloorNote, scanFloorRow, type FloorMeasure } from './scan-floor-load';

/** 4,000 scans answered in 2 s at 10 ms each; relay 400 ms, verifier 600 ms and bench 200 ms of CPU. */
function measure(): FloorMeasure {
  const run = { ...emptyRun(), requests: 4_000, durationSec: 2, latenciesMs: Array<number>(4_000).fill(10) };
  const span = (cpuMs: number) => ({ cpuMs, wallMs: 2_000, percent: cpuMs / 20 });
  return {
    run,
    relay: span(400),
    verifier: span(600),
    bench: span(200),
    machine: { busyMs: 3_000, backendsMs: 20, wallMs: 2_000 },
  };
}

const at = { connections: 100, seconds: 15, oursRps: 500, goalRps: 1_500 };

describe('scan storm floor figures', () => {
  it("gives the floor's rate, each process's CPU per scan and its share of the raw rate", () => {
    const row = scanFloorRow(measure(), 100, 'bench process', 8_000);
    expect(row).toEqual({
      variant: FLOOR_VARIANT,
      connections: 100,
      durationSec: 2,
      requests: 4_000,
      errors: 0,
      rps: 2_000,
      p50Ms: 10,
      p95Ms: 10,
      p99Ms: 10,
      extra: {
        'relay CPU ms/scan': 0.1,
        'verifier CPU ms/scan': 0.15,
        'bench process CPU ms/scan': 0.05,
        'CPU ms/scan, all processes': 0.3,
        'machine CPU % (every process)': 150,
        'backends CPU % (PostgreSQL, Redis, MariaDB)': 1,
        'backends CPU ms/scan': 0.005,
        'RPS ÷ raw Ed25519 %': 25,
      },
    });
  });

  it("says ours' share of the floor, and whether the goal's rate is beyond the floor itself", () => {
    const row = scanFloorRow(measure(), 100, 'bench process', 8_000);
    const cores = os.availableParallelism();
    const beyond = scanFloorNote(row, measure(), {
      connections: 100,
      seconds: 15,
      oursRps: 500,
      goalRps: 4_000,
    });
    expect(beyond).toContain(
      'It served 2000/s (25% of raw Ed25519 verify, p99 10 ms) with 0.3 ms of CPU per scan',
    );
    expect(beyond).toContain('ours served 25% of that.');
    expect(beyond).toContain(
      `The goal's 4000/s was above what the floor itself served on these ${cores} cores in this run.`,
    );
    const within = scanFloorNote(row, measure(), {
      connections: 100,
      seconds: 15,
      oursRps: 500,
      goalRps: 1_500,
    });
    expect(within).toContain(`The floor reached the goal's 1500/s on these ${cores} cores in this run.`);
  });

  it("compares the floor's CPU per scan paced at ours' rate with its closed loop's, beside ours' rise", () => {
    const floor = measure();
    expect(scanFloorNote(scanFloorRow(floor, 100, 'b', 8_000), floor, at)).not.toContain('Paced at');
    // 500 scans at 250/s: relay 100 ms, verifier 150 ms, bench 50 ms: 0.6 ms a scan against 0.3.
    const run = { ...emptyRun(), requests: 500, durationSec: 2, latenciesMs: Array<number>(500).fill(3) };
    const span = (cpuMs: number) => ({ cpuMs, wallMs: 2_000, percent: cpuMs / 20 });
    floor.paced = {
      rate: 250,
      run: { ...run, sendLateMs: [] } as typeof run,
      relay: span(100),
      verifier: span(150),
      bench: span(50),
      machine: { busyMs: 800, backendsMs: 0, wallMs: 2_000 },
    };
    const row = scanFloorRow(floor, 100, 'b', 8_000);
    expect(scanFloorNote(row, floor, { ...at, oursPacedRise: 2.64 })).toContain(
      ' Paced at 250/s as ours was, the pair and the load tool spent 0.6 ms of CPU per scan against 0.3 ms in ' +
        'its closed loop (× 2; ours × 2.6): a scan that arrives alone costs more on this machine even with no ' +
        'GraphQL, token or audit.',
    );
    floor.paced.run = { ...run, requests: 0, latenciesMs: [], failed: 500, codes: { 'no answer': 500 } };
    expect(scanFloorNote(row, floor, at)).toContain(
      ' Paced at 250/s its figures say nothing: 0 scans answered, errors no answer×500.',
    );
  });

  it('gives no verdict on a floor that answered nothing or answered errors (a relay without its verifier answers 502s fast)', () => {
    const failing = measure();
    failing.run.non2xx = 4_000;
    failing.run.codes = { 'HTTP 502': 4_000 };
    const row = scanFloorRow(failing, 100, 'bench process', 8_000);
    expect(floorValid(row)).toBe(false);
    const note = scanFloorNote(row, failing, {
      connections: 100,
      seconds: 15,
      oursRps: 500,
      goalRps: 1_500,
    });
    expect(note).toContain('Its figures say nothing this run: 4000 scans answered, errors HTTP 502×4000.');
    expect(note).not.toContain('reached');
    expect(note).not.toContain('ours served');

    const silent = measure();
    silent.run.requests = 0;
    silent.run.latenciesMs = [];
    silent.run.durationSec = 0;
    silent.run.failed = 100;
    silent.run.codes = { 'no answer': 100 };
    const none = scanFloorRow(silent, 100, 'bench process', 8_000);
    expect(floorValid(none)).toBe(false);
    expect(none.extra!['CPU ms/scan, all processes']).toBeNaN();
    expect(
      scanFloorNote(none, silent, { connections: 100, seconds: 15, oursRps: 500, goalRps: 1_500 }),
    ).toContain('Its figures say nothing this run: 0 scans answered, errors no answer×100.');
  });
});
