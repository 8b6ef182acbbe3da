import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { round } from './autocannon-run';

/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`; 100 on every Linux we run on). */
let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * The CPU times of a /proc/<pid>/stat line in clock ticks: utime, stime, cutime, cstime (fields 14
 * to 17, counted after the command name in parentheses, which may hold spaces).
 */
function statTimes(stat: string): [number, number, number, number] {
  // fields[0] is field 3 (state), so utime (field 14) is fields[11].
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[11]), Number(fields[12]), Number(fields[13]), Number(fields[14])];
}

/** CPU time a process (or thread) spent so far, user + system, in ms, from a /proc/<pid>/stat line. */
export function cpuMsFromStat(stat: string, ticks: number): number {
  const [utime, stime] = statTimes(stat);
  return ((utime + stime) * 1000) / ticks;
}

/**
 * The same with the CPU of the process's children that ended and were waited for (cutime and
 * cstime): a server's CPU that does not drop when one of its worker processes ends (PostgreSQL's
 * postmaster reaps each closed connection's backend).
 */
export function cpuWithChildrenMsFromStat(stat: string, ticks: number): number {
  const [utime, stime, cutime, cstime] = statTimes(stat);
  return ((utime + stime + cutime + cstime) * 1000) / ticks;
}

/** A figure of /proc/<pid>/status in MB (`VmHWM` peak RSS, `VmRSS` current RSS), NaN when absent. */
export function statusMb(status: string, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU time (user + system) in ms of a /proc stat file (a process's or a thread's); NaN where it is missing. */
function cpuMsOfStatFile(file: string): number {
  try {
    return cpuMsFromStat(readFileSync(file, 'utf8'), clockTicks());
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) of another process so far, in ms; NaN where /proc is missing (not Linux). */
export function processCpuMs(pid: number): number {
  return cpuMsOfStatFile(`/proc/${pid}/stat`);
}

/**
 * CPU time (user + system) of a process's main thread so far, in ms: the JavaScript's. The rest of
 * processCpuMs is its other threads': V8's optimizing compiler and GC helpers, libuv's pool (zlib,
 * async crypto). NaN where /proc is missing.
 */
export function mainThreadCpuMs(pid: number): number {
  return cpuMsOfStatFile(`/proc/${pid}/task/${pid}/stat`);
}

/** Peak resident set size of a process over its life so far (VmHWM), in MB; NaN where /proc is missing. */
export function peakRssMb(pid: number): number {
  try {
    return statusMb(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmHWM');
  } catch {
    return NaN;
  }
}

/** Current resident set size of a process (VmRSS), in MB; NaN where /proc is missing. */
export function rssMb(pid: number): number {
  try {
    return statusMb(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS');
  } catch {
    return NaN;
  }
}

/** What a CPU meter reads over a span: CPU ms, wall ms, and CPU as a share of one core in %. */
export interface CpuSpan {
  cpuMs: number;
  wallMs: number;
  percent: number;
  /** Of cpuMs, what threads other than the main one used (V8's compiler and GC helpers, libuv's pool), where measured. */
  offMainMs?: number;
}

/**
 * Spans measured one after another (a scenario's turns or slices) as one: CPU and wall time added,
 * and the CPU off the main threads where every span measured it.
 */
export function totalCpuSpan(spans: readonly CpuSpan[]): CpuSpan {
  const sum = (of: (x: CpuSpan) => number) => spans.reduce((n, x) => n + of(x), 0);
  const cpuMs = sum((x) => x.cpuMs);
  const wallMs = sum((x) => x.wallMs);
  // NaN where /proc is missing: not measured either.
  const offMain = spans.length > 0 && spans.every((x) => Number.isFinite(x.offMainMs));
  return {
    cpuMs,
    wallMs,
    percent: (cpuMs / wallMs) * 100,
    ...(offMain ? { offMainMs: sum((x) => x.offMainMs!) } : {}),
  };
}

/**
 * Measures a process's CPU over a span: `stop()` gives the CPU it used since `start`, in ms,
 * and as a share of one core over the wall time, in % (200% = two cores busy).
 */
export function cpuMeter(pid: number): () => CpuSpan {
  const cpu0 = processCpuMs(pid);
  const t0 = performance.now();
  return () => {
    const cpuMs = processCpuMs(pid) - cpu0;
    const wallMs = performance.now() - t0;
    return { cpuMs, wallMs, percent: (cpuMs / wallMs) * 100 };
  };
}

/** The same for this very process (the bench: the load tool and, in process, the stack). */
export function ownCpuMeter(): () => CpuSpan {
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const u = process.cpuUsage(u0);
    const cpuMs = (u.user + u.system) / 1000;
    const wallMs = performance.now() - t0;
    return { cpuMs, wallMs, percent: (cpuMs / wallMs) * 100 };
  };
}

/**
 * Busy CPU time of the whole machine so far (every core, every process, the kernel's work
 * included: user, nice, system, irq, softirq, steal of /proc/stat's `cpu` line), in ms.
 */
export function busyMsFromProcStat(procStat: string, ticks: number): number {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return NaN;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (
    (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) / ticks
  );
}

/** The commands of the backing servers whose CPU a row reports beside ours (`comm` of /proc/<pid>/stat). */
export const BACKEND_COMMANDS = ['postgres', 'redis-server', 'mariadbd'];

/**
 * CPU (user + system) of every running process of the backing servers (BACKEND_COMMANDS), with
 * their ended children's, in ms; NaN without /proc. A PostgreSQL backend that ends moves its CPU
 * into the postmaster's children's time, so the sum only grows.
 */
function backendsCpuMs(): number {
  let ms = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // ended meanwhile
      }
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (BACKEND_COMMANDS.some((c) => comm.startsWith(c)))
        ms += cpuWithChildrenMsFromStat(stat, clockTicks());
    }
  } catch {
    return NaN;
  }
  return ms;
}

/** What the machine meter reads over a span: the machine's busy CPU and the backing servers', in ms, over the wall time. */
export interface MachineSpan {
  busyMs: number;
  backendsMs: number;
  wallMs: number;
}

/**
 * Measures the machine over a span: its busy CPU (every process, % of one core: on 2 cores 200%
 * is every core busy) and the backing servers' (PostgreSQL, Redis, MariaDB) share of it, which
 * no process of ours counts. A backend process that starts within the span counts from its start;
 * one that ends counts through its parent (cpuWithChildrenMsFromStat).
 */
export function machineMeter(): () => MachineSpan {
  const busyMs = () => {
    try {
      return busyMsFromProcStat(readFileSync('/proc/stat', 'utf8'), clockTicks());
    } catch {
      return NaN; // no /proc (not Linux)
    }
  };
  const busy0 = busyMs();
  const backends0 = backendsCpuMs();
  const t0 = performance.now();
  return () => ({
    busyMs: busyMs() - busy0,
    backendsMs: backendsCpuMs() - backends0,
    wallMs: performance.now() - t0,
  });
}

/** Spans of several turns as one: their times added. */
export function totalMachineSpan(spans: readonly MachineSpan[]): MachineSpan {
  return spans.reduce(
    (t, s) => ({
      busyMs: t.busyMs + s.busyMs,
      backendsMs: t.backendsMs + s.backendsMs,
      wallMs: t.wallMs + s.wallMs,
    }),
    { busyMs: 0, backendsMs: 0, wallMs: 0 },
  );
}

/**
 * A row's columns for the machine as a whole: how busy every core was (so a row says whether the
 * machine, rather than any one process, set the pace) and the backing servers' CPU per request.
 */
export function machineCpuColumns(
  span: MachineSpan,
  requests: number,
  per = 'request',
): Record<string, number> {
  return {
    'machine CPU % (every process)': round((span.busyMs / span.wallMs) * 100, 1),
    'backends CPU % (PostgreSQL, Redis, MariaDB)': round((span.backendsMs / span.wallMs) * 100, 1),
    [`backends CPU ms/${per}`]: round(span.backendsMs / requests, 3),
  };
}
