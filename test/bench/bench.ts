// npm run bench [-- --only counter-view,gateway-overhead --seconds 15 --connections 20 --cpu-prof DIR --logs DIR --ts-node --in-process-subgraphs]
// Runs the issue's benchmark scenarios in order (progress on stderr), prints every result as one
// table on stdout and writes test/bench/RESULTS.md with the chart test/bench/results.svg.
process.env.LOG_LEVEL ??= 'error'; // the in-process stack's logs; the figures are the output here
import { mkdirSync } from 'node:fs';
import { parseBenchFlags, USAGE, type BenchFlags, type ScenarioName } from './bench-flags';
import { table } from './load';
import { machine } from './machine';
import { machinePace } from './machine-pace';
import { paceText, writeResultsFiles, type RunInfo } from './results-file';
import type { ScenarioResult } from './scenario';

/** Each scenario, loaded only when it runs (a scenario's set-up costs nothing to the others). */
const RUNNERS: Record<ScenarioName, (flags: BenchFlags) => Promise<ScenarioResult>> = {
  'counter view': async (f) => (await import('./counter-view-bench')).run(f),
  'gateway overhead': async (f) => (await import('./overhead-bench')).run(f),
  'scan storm': async (f) => (await import('./scan-storm')).runScanStorm(f),
  'scale-out': async (f) => (await import('./scale-out')).runScaleOut(f),
};

/** The extra figures of a row as one cell, e.g. `gateway CPU %=41.2 peak RSS MB=180`. */
const extras = (extra?: Record<string, string | number>) =>
  Object.entries(extra ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('  ');

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  let flags: BenchFlags;
  try {
    flags = parseBenchFlags(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (flags.cpuProfileDir) mkdirSync(flags.cpuProfileDir, { recursive: true });
  if (flags.logDir) mkdirSync(flags.logDir, { recursive: true });
  const info: RunInfo = {
    date: new Date().toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(
      ' ',
    ),
    machine: machine(),
    failed: {},
  };
  process.stderr.write('machine pace: first touch of fresh memory pages, loopback HTTP round trips (2 s)\n');
  try {
    info.machine.pace = await machinePace();
    process.stderr.write(`  ${paceText(info.machine.pace)}\n`);
  } catch (e) {
    // The scenarios still run; RESULTS.md says the pace was not measured, and why.
    info.machine.pace = (e as Error).message ?? String(e);
    process.stderr.write(`  not measured: ${info.machine.pace}\n`);
  }
  const results: ScenarioResult[] = [];
  for (const [i, name] of flags.scenarios.entries()) {
    process.stderr.write(`\n[${i + 1}/${flags.scenarios.length}] ${name}\n`);
    const started = Date.now();
    try {
      results.push(await RUNNERS[name](flags));
    } catch (e) {
      const message = (e as Error).stack ?? String(e);
      process.stderr.write(`${name} failed: ${message}\n`);
      info.failed[name] = String((e as Error).message ?? e).split('\n')[0]!;
      results.push({ scenario: name, rows: [], goals: [], notes: [] });
    }
    process.stderr.write(
      `[${i + 1}/${flags.scenarios.length}] ${name} done in ${Math.round((Date.now() - started) / 1000)} s\n`,
    );
  }

  console.log(
    table(
      ['scenario · variant', 'conn', 's', 'requests', 'errors', 'RPS', 'p50 ms', 'p95 ms', 'p99 ms'],
      results.flatMap((r) =>
        r.rows.map((row) => [
          `${r.scenario} · ${row.variant}`,
          row.connections,
          row.durationSec,
          row.requests,
          row.errors,
          row.rps,
          row.p50Ms,
          row.p95Ms,
          row.p99Ms,
        ]),
      ),
    ),
  );
  for (const r of results) {
    console.log(`\n${r.scenario}${info.failed[r.scenario] ? `: FAILED: ${info.failed[r.scenario]}` : ''}`);
    for (const row of r.rows) if (row.extra) console.log(`  ${row.variant}: ${extras(row.extra)}`);
    for (const g of r.goals) console.log(`  goal ${g.met ? 'met    ' : 'NOT met'}  ${g.goal}: ${g.measured}`);
  }
  const files = writeResultsFiles(results, info);
  console.log(`\nwritten: ${files.join(', ')}`);
  return Object.keys(info.failed).length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
