/**
 * What every benchmark scenario reports (`npm run bench` prints them as one table and writes
 * test/bench/RESULTS.md with a chart). Figures are measured, never assumed; a goal that was not
 * met says so.
 */
export interface ScenarioResult {
  /** Short name, e.g. `counter view`, `gateway overhead`, `scan storm`, `scale-out`. */
  scenario: string;
  /** One row per measured variant (e.g. `ours`, `plain @apollo/gateway`, `1 instance`, `2 instances`). */
  rows: ScenarioRow[];
  /** The goals for this scenario, each with the measured figure and whether it was met. */
  goals: { goal: string; measured: string; met: boolean }[];
  /** Anything a reader must know to trust the figures (machine limits, what was skipped and why). */
  notes: string[];
}

export interface ScenarioRow {
  variant: string;
  connections: number;
  durationSec: number;
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Further figures of this scenario, e.g. `legacy calls/request`, `gateway CPU %`, `peak RSS MB`. */
  extra?: Record<string, string | number>;
}
