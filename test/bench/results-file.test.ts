import type { Machine } from './machine';
import { resultsMarkdown, type RunInfo } from './results-file';
import type { ScenarioResult } from './scenario';

const machine: Machine = {
  cpu: 'AMD EPYC',
  cores: 2,
  ramGb: 23.5,
  os: 'Debian GNU/Linux 12 (bookworm) (Linux 6.1, x64)',
  node: 'v20.20.2',
  packages: { '@apollo/gateway': '2.14.4', undici: '7.30.2' },
  hugePages: 'madvise',
};
const info: RunInfo = {
  date: '2026-11-26T18:00:00.000Z',
  command: 'npm run bench -- --seconds 3',
  machine,
  failed: { 'scan storm': 'no scanner answered' },
};
const results: ScenarioResult[] = [
  {
    scenario: 'gateway overhead',
    rows: [
      {
        variant: 'ours',
        connections: 20,
        durationSec: 15,
        requests: 3000,
        errors: 0,
        rps: 200,
        p50Ms: 9.5,
        p95Ms: 14,
        p99Ms: 20,
        extra: { 'gateway CPU %': 90, note: 'a|b' },
      },
      {
        variant: 'plain',
        connections: 20,
        durationSec: 15,
        requests: 1500,
        errors: 2,
        rps: 100,
        p50Ms: NaN,
        p95Ms: 30,
        p99Ms: 40,
      },
    ],
    goals: [
      { goal: 'RPS ≥ 2 × plain', measured: '2 ×', met: true },
      { goal: 'p99 ≤ 0.5 × plain', measured: '0.5 ×', met: false },
    ],
    notes: ['one note'],
  },
  { scenario: 'scan storm', rows: [], goals: [], notes: [] },
];

describe('RESULTS.md', () => {
  const md = resultsMarkdown(results, info);

  it('says when, by which command, on what machine and versions, and links the chart', () => {
    expect(md).toContain('Written by `npm run bench -- --seconds 3`');
    expect(md).toContain('on 2026-11-26T18:00:00.000Z');
    expect(md).toContain('](results.svg)');
    expect(md).toContain('| CPU | AMD EPYC, 2 cores |');
    expect(md).toContain('| RAM | 23.5 GB |');
    expect(md).toContain('| Node | v20.20.2 |');
    expect(md).toContain('| @apollo/gateway | 2.14.4 |');
    expect(md).toContain(
      '| Transparent huge pages (under `always` the page touch reads far lower) | madvise |',
    );
  });

  it('lists every row, missing figures as "-"', () => {
    expect(md).toContain('| gateway overhead | ours | 20 | 15 | 3000 | 0 | 200 | 9.5 | 14 | 20 |');
    expect(md).toContain('| gateway overhead | plain | 20 | 15 | 1500 | 2 | 100 | - | 30 | 40 |');
  });

  it('says of each goal whether it was met', () => {
    expect(md).toContain('| gateway overhead | RPS ≥ 2 × plain | 2 × | met |');
    expect(md).toContain('| gateway overhead | p99 ≤ 0.5 × plain | 0.5 × | **NOT met** |');
    expect(md).toContain('- Goal: p99 ≤ 0.5 × plain: 0.5 ×, **NOT met**.');
  });

  it("gives each scenario its extra figures, pipes escaped, its notes, and a failed one's error", () => {
    expect(md).toContain('| variant | gateway CPU % | note |');
    expect(md).toContain('| ours | 90 | a\\|b |');
    expect(md).toContain('| plain |  |  |');
    expect(md).toContain('- one note');
    expect(md).toContain('## scan storm\n\n**The scenario failed:** no scanner answered');
  });
});
