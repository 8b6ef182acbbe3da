import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

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
 * CPU time a process spent so far, user + system, in ms, from a /proc/<pid>/stat line
 * (fields 14 and 15, counted after the command name in parentheses, which may hold spaces).
 */
export function cpuMsFromStat(stat: string, ticks: number): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticks;
}

/** A figure of /proc/<pid>/status in MB (`VmHWM` peak RSS, `VmRSS` current RSS), NaN when absent. */
export function statusMb(status: string, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU time (user + system) of another process so far, in ms; NaN where /proc is missing (not Linux). */
export function processCpuMs(pid: number): number {
  try {
    return cpuMsFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'), clockTicks());
  } catch {
    return NaN;
  }
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

/**
 * Measures a process's CPU over a span: `stop()` gives the CPU it used since `start`, in ms,
 * and as a share of one core over the wall time, in % (200% = two cores busy).
 */
export function cpuMeter(pid: number): () => { cpuMs: number; wallMs: number; percent: number } {
  const cpu0 = processCpuMs(pid);
  const t0 = performance.now();
  return () => {
    const cpuMs = processCpuMs(pid) - cpu0;
    const wallMs = performance.now() - t0;
    return { cpuMs, wallMs, percent: (cpuMs / wallMs) * 100 };
  };
}

/** The same for this very process (the bench: the load tool and, in process, the stack). */
export function ownCpuMeter(): () => { cpuMs: number; wallMs: number; percent: number } {
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const u = process.cpuUsage(u0);
    const cpuMs = (u.user + u.system) / 1000;
    const wallMs = performance.now() - t0;
    return { cpuMs, wallMs, percent: (cpuMs / wallMs) * 100 };
  };
}
