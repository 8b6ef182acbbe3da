import { metrics } from '../../adapters/kit/metrics';

/** Sums a counter's values whose labels match, from this process's metrics registry. */
async function sum(
  counter: { get(): Promise<{ values: { value: number; labels: Record<string, string | number> }[] }> },
  match: Record<string, string>,
): Promise<number> {
  const { values } = await counter.get();
  return values
    .filter((v) => Object.entries(match).every(([k, want]) => v.labels[k] === want))
    .reduce((n, v) => n + v.value, 0);
}

/**
 * Legacy calls the adapters of this process attempted, by department (first attempts and retries,
 * whatever their outcome). Unlike a mock's own counter it also counts calls that never reached the
 * mock (a refused connection) and it is the only count there is for the embedded SQLite tax database.
 */
export async function legacyAttempts(): Promise<Record<string, number>> {
  const { values } = await metrics.legacyCalls.get();
  const out: Record<string, number> = {};
  for (const v of values) {
    const d = String(v.labels.department);
    out[d] = (out[d] ?? 0) + v.value;
  }
  return out;
}

/** Retries the adapters of this process made for one department. */
export function legacyRetries(department: string): Promise<number> {
  return sum(metrics.retries, { department });
}

/** The change of each department's count between two readings (departments absent in both are left out). */
export function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of new Set([...Object.keys(before), ...Object.keys(after)]))
    out[d] = (after[d] ?? 0) - (before[d] ?? 0);
  return out;
}
