import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MachinePace } from './machine-pace';

const root = path.resolve(__dirname, '../..');

/** The packages whose versions decide the figures most. */
export const KEY_PACKAGES = ['@apollo/gateway', '@apollo/server', 'graphql', 'undici', 'autocannon'];

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  os: string;
  node: string;
  /** Installed versions (node_modules), by package; `not installed` when missing. */
  packages: Record<string, string>;
  /**
   * Its pace, measured at the start of the run (machine-pace.ts: the first touch of fresh memory
   * pages, and small HTTP exchanges between processes); why not, when the measurement failed.
   */
  pace?: MachinePace | string;
  /**
   * Linux's transparent huge pages setting (`always`, `madvise`, `never`), or `unknown`: under
   * `always` a first touch may map 2 MiB at once, and the page touch reads far lower.
   */
  hugePages: string;
}

/** The setting in force of /sys/kernel/mm/transparent_hugepage/enabled (the bracketed one, e.g. `always [madvise] never`). */
export function hugePagesSetting(enabled: string): string {
  return /\[(\w+)\]/.exec(enabled)?.[1] ?? 'unknown';
}

function hugePages(): string {
  try {
    return hugePagesSetting(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'));
  } catch {
    return 'unknown';
  }
}

/** The OS as its release file names it (e.g. `Ubuntu 22.04.4 LTS`), with the kernel. */
function osName(): string {
  let pretty = `${os.type()}`;
  try {
    const m = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m) pretty = m[1]!;
  } catch {
    // not Linux: os.type() it is
  }
  return `${pretty} (${os.type()} ${os.release()}, ${os.arch()})`;
}

/** The installed version of a package, read from its package.json under node_modules. */
export function installedVersion(name: string): string {
  try {
    return (
      JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'not installed';
  }
}

/** What the figures were measured on. */
export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    packages: Object.fromEntries(KEY_PACKAGES.map((p) => [p, installedVersion(p)])),
    hugePages: hugePages(),
  };
}
