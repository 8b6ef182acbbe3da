import { emptyRun, toRow } from './autocannon-run';
import { PACED_VARIANT, pacedNote, pacedRow, type PacedMeasure } from './scan-storm-paced';

const span = (cpuMs: number) => ({ cpuMs, wallMs: 10_000, percent: cpuMs / 100 });

/** 2,500 scans at 250/s over 10 s, 4 ms each, sent 0.5 ms late; `gatewayMs` of gateway CPU in all. */
function measure(gatewayMs: number): PacedMeasure {
  return {
    run: {
      ...emptyRun(),
      requests: 2_500,
      durationSec: 10,
      latenciesMs: Array<number>(2_500).fill(4),
      sendLateMs: Array<number>(2_500).fill(0.5),
    },
    rate: 250,
    seconds: 10,
    gateway: span(gatewayMs),
    subgraphs: span(2_500),
    bench: span(250),
    machine: { busyMs: 10_000, backendsMs: 1_000, wallMs: 10_000 },
  };
}

/** The closed loop's row as scan-storm.ts makes it: 0.5 ms of gateway CPU and 1.2 ms in all per scan. */
const closed = toRow(
  'verifyDigitalId through the gateway',
  { ...emptyRun(), requests: 1, durationSec: 1 },
  100,
  {
    'gateway CPU ms/scan': 0.5,
    'CPU ms/scan, all processes': 1.2,
  },
);

describe('scan storm, paced', () => {
  it("gives the rate, the load tool's lateness and every process's CPU per scan", () => {
    const row = pacedRow(measure(2_500), 100);
    expect(row.variant).toBe(PACED_VARIANT);
    expect([row.requests, row.rps, row.p50Ms, row.p99Ms, row.errors]).toEqual([2_500, 250, 4, 4, 0]);
    expect(row.extra).toMatchObject({
      'paced rate/s': 250,
      'load tool send lateness p50 / p99 ms': '0.5 / 0.5',
      'gateway CPU %': 25,
      'gateway CPU ms/scan': 1,
      'subgraph processes CPU ms/scan': 1,
      'CPU ms/scan, all processes': 2.1,
      'machine CPU % (every process)': 100,
      'backends CPU ms/scan': 0.4,
    });
  });

  it('says a scan cost more CPU than in the closed loop only when the figures say so', () => {
    const dear = measure(2_500);
    const dearNote = pacedNote(pacedRow(dear, 100), closed, dear, 100);
    expect(dearNote).toContain('at 250 scans/s (25% of the rate reached)');
    expect(dearNote).toContain('sent them 0.5 / 0.5 ms late at p50 / p99');
    expect(dearNote).toContain(
      "A scan cost more CPU at that rate than in the closed loop (2.1 ms against 1.2 ms in all; the gateway's 1 against 0.5 ms)",
    );
    // 0.2 ms of gateway CPU a scan: 1.3 ms in all, within 1.2 × the closed loop's 1.2 ms.
    const cheap = measure(500);
    const cheapNote = pacedNote(pacedRow(cheap, 100), closed, cheap, 100);
    expect(cheapNote).toContain(
      'A scan cost about the CPU it costs in the closed loop (1.3 ms against 1.2 ms in all).',
    );
    expect(cheapNote).not.toContain('more CPU');
  });
});
