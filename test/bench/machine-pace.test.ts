import { machinePace } from './machine-pace';
import { PACE_LABEL, paceText, resultsMarkdown } from './results-file';

describe('machine pace', () => {
  it('times the first touch of fresh pages, and checked round trips to a server in another process with both sides’ CPU', async () => {
    const pace = await machinePace(300, 100, 16);
    expect(pace.roundTrips).toBeGreaterThan(30);
    expect(pace.roundTripsPerSec).toBeGreaterThan(100);
    expect(pace.clientCpuUs).toBeGreaterThan(0);
    // A minor page fault: well under a millisecond, never nothing (the kernel zeroes the page).
    expect(pace.pageTouchUs).toBeGreaterThan(0.05);
    expect(pace.pageTouchUs).toBeLessThan(1_000);
    // The server's CPU comes from /proc (10 ms ticks, so a short run may read 0): Linux only, NaN
    // (and '-' in the table) elsewhere.
    if (process.platform === 'linux') {
      expect(Number.isFinite(pace.serverCpuUs)).toBe(true);
      expect(pace.serverCpuUs).toBeGreaterThanOrEqual(0);
    } else expect(pace.serverCpuUs).toBeNaN();
  });

  it('goes in the machine table of RESULTS.md', () => {
    const pace = {
      roundTripsPerSec: 14211.4,
      clientCpuUs: 45.94,
      serverCpuUs: NaN,
      roundTrips: 28423,
      pageTouchUs: 1.734,
    };
    const text = 'page touch 1.7 µs; 14211 round trips/s, CPU per round trip: client 45.9 µs, server -';
    expect(paceText(pace)).toBe(text);
    const md = resultsMarkdown([], {
      date: '2026-11-27T18:00:00.000Z',
      command: 'npm run bench',
      machine: {
        cpu: 'AMD EPYC',
        cores: 2,
        ramGb: 23.5,
        os: 'Linux',
        node: 'v20.20.2',
        packages: {},
        pace,
        hugePages: 'madvise',
      },
      failed: {},
    });
    expect(md).toContain(`| ${PACE_LABEL} | ${text} |`);
    expect(paceText('the loopback server exited (1) before listening')).toBe(
      'not measured: the loopback server exited (1) before listening',
    );
  });
});
