import type { UsageSample } from '../model';

/** One (operation id, client) of a batch of samples, summed. */
export interface UsageSum {
  id: string;
  client: string;
  name: string | null;
  body: string;
  count: number;
  /** The earliest and the latest `at` of the batch, ISO 8601 UTC (toISOString form). */
  firstAt: string;
  lastAt: string;
}

/**
 * A time as the stores keep it: ISO 8601 UTC in toISOString form, so that times compare as text
 * (SQLite) and `2026-11-20T09:00:00+08:00` means the same instant as `2026-11-20T01:00:00.000Z`.
 * Throws an Error naming `what` when the text is not a date.
 */
export function isoTime(value: string, what: string): string {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new Error(`${what} must be an ISO 8601 time: ${String(value)}`);
  return new Date(ms).toISOString();
}

/**
 * Checks every sample (a bad one refuses the whole batch, so nothing of it is recorded) and sums
 * the batch per (id, client), sorted by id then client: one upsert per key, and on PostgreSQL two
 * gateways flushing at once lock the rows in one order (no deadlock).
 */
export function sumSamples(samples: UsageSample[]): UsageSum[] {
  if (!Array.isArray(samples)) throw new Error('recordUsage: samples must be an array');
  const sums = new Map<string, UsageSum>();
  samples.forEach((s, i) => {
    const where = `recordUsage: sample ${i}`;
    if (typeof s?.id !== 'string' || s.id === '') throw new Error(`${where}: id must be a non-empty string`);
    if (typeof s.client !== 'string' || s.client === '')
      throw new Error(`${where}: client must be a non-empty string`);
    if (typeof s.body !== 'string') throw new Error(`${where}: body must be a string`);
    if (s.name !== null && typeof s.name !== 'string')
      throw new Error(`${where}: name must be a string or null`);
    if (!Number.isSafeInteger(s.count) || s.count < 1)
      throw new Error(`${where}: count must be a whole number, at least 1: ${String(s.count)}`);
    const at = isoTime(s.at, `${where}: at`);
    const key = `${s.id}\u0000${s.client}`;
    const sum = sums.get(key);
    if (!sum) {
      sums.set(key, {
        id: s.id,
        client: s.client,
        name: s.name,
        body: s.body,
        count: s.count,
        firstAt: at,
        lastAt: at,
      });
      return;
    }
    sum.count += s.count;
    if (at < sum.firstAt) sum.firstAt = at;
    if (at > sum.lastAt) sum.lastAt = at;
  });
  return [...sums.values()].sort((a, b) =>
    a.id !== b.id ? (a.id < b.id ? -1 : 1) : a.client < b.client ? -1 : a.client > b.client ? 1 : 0,
  );
}
