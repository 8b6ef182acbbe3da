import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import {
  busyMsFromProcStat,
  cpuMsFromStat,
  cpuWithChildrenMsFromStat,
  machineCpuColumns,
  mainThreadCpuMs,
  ownCpuMeter,
  processCpuMs,
  statusMb,
  totalCpuSpan,
  totalMachineSpan,
} from './process-stats';

describe('process figures from /proc', () => {
  it('reads user + system time from a stat line whose command name holds spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const stat = '4242 (node (my app)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 1000 1 1';
    expect(cpuMsFromStat(stat, 100)).toBe(3_000);
    expect(cpuMsFromStat(stat, 1_000)).toBe(300);
  });

  it("adds the ended children's time (cutime, cstime) for a server whose workers come and go", () => {
    // ... utime stime cutime cstime ...
    const stat = '77 (postgres) S 1 77 77 0 -1 4194560 100 0 0 0 250 50 400 100 20 0 1 0 1000 1 1';
    expect(cpuWithChildrenMsFromStat(stat, 100)).toBe(8_000);
    expect(cpuMsFromStat(stat, 100)).toBe(3_000);
  });

  it('reads VmHWM and VmRSS in MB, NaN when the field is missing', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(statusMb(status, 'VmHWM')).toBe(200);
    expect(statusMb(status, 'VmRSS')).toBe(100);
    expect(statusMb('Name:\tnode\n', 'VmHWM')).toBeNaN();
  });

  it("tells a process's main thread's CPU from its other threads'", async () => {
    if (!existsSync(`/proc/${process.pid}/task`)) {
      // Not Linux: no per-thread times to read, and the figure says so.
      expect(mainThreadCpuMs(process.pid)).toBeNaN();
      return;
    }
    const offMain = () => processCpuMs(process.pid) - mainThreadCpuMs(process.pid);
    const before = offMain();
    // A worker thread does some 300 ms of CPU work while the main thread only waits for it.
    const worker = new Worker(
      'const { parentPort } = require("node:worker_threads"); const until = process.cpuUsage().user + 300000;' +
        'let x = 0; while (process.cpuUsage().user < until) x++; parentPort.postMessage(x);',
      { eval: true },
    );
    await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    expect(mainThreadCpuMs(process.pid)).toBeLessThanOrEqual(processCpuMs(process.pid));
    expect(offMain() - before).toBeGreaterThanOrEqual(250);
  });

  it("measures this process's CPU over a span", () => {
    const stop = ownCpuMeter();
    let x = 0;
    for (let i = 0; i < 1e6; i++) x += i;
    const m = stop();
    expect(x).toBeGreaterThan(0);
    expect(m.cpuMs).toBeGreaterThanOrEqual(0);
    expect(m.percent).toBe((m.cpuMs / m.wallMs) * 100);
  });

  it("counts the machine's busy time from /proc/stat: user, nice, system, irq, softirq, steal; not idle or iowait", () => {
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const procStat = 'cpu  1000 20 300 9000 500 7 3 10 0 0\ncpu0 500 10 150 4500 250 3 2 5 0 0\n';
    expect(busyMsFromProcStat(procStat, 100)).toBe(13_400);
    expect(busyMsFromProcStat('intr 1 2 3\n', 100)).toBeNaN();
  });

  it('reports the machine over turns added together: busy % of one core, the backends % and ms per request', () => {
    const spans = [
      { busyMs: 1_500, backendsMs: 200, wallMs: 1_000 },
      { busyMs: 1_900, backendsMs: 300, wallMs: 1_000 },
    ];
    expect(totalMachineSpan(spans)).toEqual({ busyMs: 3_400, backendsMs: 500, wallMs: 2_000 });
    expect(machineCpuColumns(totalMachineSpan(spans), 250, 'scan')).toEqual({
      'machine CPU % (every process)': 170,
      'backends CPU % (PostgreSQL, Redis, MariaDB)': 25,
      'backends CPU ms/scan': 2,
    });
  });
});

describe('CPU spans', () => {
  it('adds up the spans of turns or slices, keeping the off-main-thread CPU only where every span measured it', () => {
    const turns = [
      { cpuMs: 600, wallMs: 1_000, percent: 60, offMainMs: 100 },
      { cpuMs: 1_200, wallMs: 2_000, percent: 60, offMainMs: 300 },
    ];
    expect(totalCpuSpan(turns)).toEqual({ cpuMs: 1_800, wallMs: 3_000, percent: 60, offMainMs: 400 });
    expect(totalCpuSpan([...turns, { cpuMs: 200, wallMs: 1_000, percent: 20 }])).toEqual({
      cpuMs: 2_000,
      wallMs: 4_000,
      percent: 50,
    });
    expect(totalCpuSpan([...turns, { cpuMs: 200, wallMs: 1_000, percent: 20, offMainMs: NaN }])).toEqual({
      cpuMs: 2_000,
      wallMs: 4_000,
      percent: 50,
    });
  });
});
