import { machinePace } from './machine-pace';
import { PACE_LABEL, paceText, resultsMarkdown } from './results-file';

describe('machine pace', () => {
  it('times checked round trips to a server in another process, with both sides’ CPU', async () => {
    const pace = await machinePace(300, 100);
    expect(pace.roundTrips).toBeGreaterThan(30);
    expect(pace.roundTripsPerSec).toBeGreaterThan(100);
    expect(pace.clientCpuUs).toBeGreaterThan(0);
    // The server's CPU comes from /proc (10 ms ticks, so a short run may read 0): Linux only, NaN
    // (and '-' in the table) elsewhere.
    if (process.platform === 'linux') {
      expect(Number.isFinite(pace.serverCpuUs)).toBe(true);
      expect(pace.serverCpuUs).toBeGreaterThanOrEqual(0);
    } else expect(pace.serverCpuUs).toBeNaN();
  });

  it('goes in the machine table of RESULTS.md', () => {
    const pace = { roundTripsPerSec: 14211.4, clientCpuUs: 45.94, serverCpuUs: NaN, roundTrips: 28423 };
    expect(paceText(pace)).toBe('14211/s; CPU per round trip: client 45.9 µs, server -');
    const md = resultsMarkdown([], {
      date: '2026-11-27T18:00:00.000Z',
      command: 'npm run bench',
      machine: { cpu: 'AMD EPYC', cores: 2, ramGb: 23.5, os: 'Linux', node: 'v20.20.2', packages: {}, pace },
      failed: {},
    });
    expect(md).toContain(`| ${PACE_LABEL} | 14211/s; CPU per round trip: client 45.9 µs, server - |`);
    expect(paceText('the loopback server exited (1) before listening')).toBe(
      'not measured: the loopback server exited (1) before listening',
    );
  });
});
