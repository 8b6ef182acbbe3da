import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Machine } from './machine';
import type { MachinePace } from './machine-pace';
import { resultsChart } from './results-chart';
import type { ScenarioResult } from './scenario';

/** What a results file says about the run besides the figures. */
export interface RunInfo {
  /** When the run began (ISO 8601). */
  date: string;
  /** The command line, e.g. `npm run bench -- --seconds 15`. */
  command: string;
  machine: Machine;
  /** Scenarios that threw, with their error message (they have no rows). */
  failed: Record<string, string>;
}

/** The results file's name and the chart's, beside this file. */
export const RESULTS_FILE = 'RESULTS.md';
export const CHART_FILE = 'results.svg';

/** A table cell: pipes escaped, numbers as figures (NaN as `-`). */
function cell(v: string | number | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '-';
  return v.replace(/\|/g, '\\|');
}

function mdTable(header: string[], rows: (string | number | undefined)[][]): string {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The machine table's row of its pace (machine-pace.ts). */
export const PACE_LABEL =
  'Pace: first touch of a fresh memory page (compare runs by it); loopback HTTP round trips to another Node process (one connection, 2 s)';

/** A pace as the machine table gives it (or why it was not measured). */
export function paceText(pace: MachinePace | string): string {
  if (typeof pace === 'string') return `not measured: ${pace}`;
  const us = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} µs` : '-');
  return (
    `page touch ${us(pace.pageTouchUs)}; ${Math.round(pace.roundTripsPerSec)} round trips/s, CPU per round trip: ` +
    `client ${us(pace.clientCpuUs)}, server ${us(pace.serverCpuUs)}`
  );
}

/** RESULTS.md: machine and versions, every scenario's rows, goals (met or NOT met), notes, the chart. */
export function resultsMarkdown(results: ScenarioResult[], info: RunInfo): string {
  const m = info.machine;
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Written by \`${info.command}\` (test/bench/bench.ts, see [README.md](README.md)) on ${info.date}. ` +
      'Every figure was measured in that run; a goal that was not met says so.',
    '',
    `![Requests per second and p50/p99 latency of every scenario variant](${CHART_FILE})`,
    '',
    '## Machine and versions',
    '',
    mdTable(
      ['', ''],
      [
        ['CPU', `${m.cpu}, ${m.cores} cores`],
        ['RAM', `${m.ramGb} GB`],
        ['OS', m.os],
        ['Node', m.node],
        ...(m.pace ? [[PACE_LABEL, paceText(m.pace)]] : []),
        ['Transparent huge pages (under `always` the page touch reads far lower)', m.hugePages],
        ...Object.entries(m.packages).map(([p, v]) => [p, v]),
      ],
    ),
    '',
    '## All rows',
    '',
    'Latencies in ms; errors are answers outside 2xx, answers with GraphQL errors and requests with no answer. ' +
      "In each scenario's table, `machine CPU %` is every process's CPU on the machine together (the backing " +
      "servers' and the kernel's work included; % of one core, so every core busy is the core count × 100 %): " +
      'near that figure the machine, not any one process, sets the pace, and latency grows by the wait for a core.',
    '',
    mdTable(
      ['scenario', 'variant', 'connections', 'seconds', 'requests', 'errors', 'RPS', 'p50', 'p95', 'p99'],
      results.flatMap((r) =>
        r.rows.map((row) => [
          r.scenario,
          row.variant,
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
    '',
    '## Goals',
    '',
    mdTable(
      ['scenario', 'goal', 'measured', ''],
      results.flatMap((r) =>
        r.goals.map((g) => [r.scenario, g.goal, g.measured, g.met ? 'met' : '**NOT met**']),
      ),
    ),
  ];
  for (const r of results) {
    lines.push('', `## ${r.scenario}`, '');
    if (info.failed[r.scenario]) lines.push(`**The scenario failed:** ${info.failed[r.scenario]}`, '');
    const keys = [...new Set(r.rows.flatMap((row) => Object.keys(row.extra ?? {})))];
    if (keys.length)
      lines.push(
        mdTable(
          ['variant', ...keys],
          r.rows.map((row) => [row.variant, ...keys.map((k) => row.extra?.[k])]),
        ),
        '',
      );
    for (const g of r.goals)
      lines.push(`- Goal: ${g.goal}: ${g.measured}, ${g.met ? 'met' : '**NOT met**'}.`);
    if (r.goals.length) lines.push('');
    for (const n of r.notes) lines.push(`- ${n}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes RESULTS.md and results.svg into `dir` (test/bench/ by default); returns their paths. */
export function writeResultsFiles(results: ScenarioResult[], info: RunInfo, dir = __dirname): string[] {
  const md = path.join(dir, RESULTS_FILE);
  const svg = path.join(dir, CHART_FILE);
  writeFileSync(md, resultsMarkdown(results, info));
  writeFileSync(
    svg,
    resultsChart(
      results,
      `${info.date} · ${info.machine.cpu}, ${info.machine.cores} cores · Node ${info.machine.node}`,
    ),
  );
  return [md, svg];
}
