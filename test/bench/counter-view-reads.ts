import type { LegacySystem } from '../faults/policy';

/**
 * The legacy reads the counter view (gateway/first-query.ts COUNTER_VIEW_QUERY) needs for one
 * person, and what each read must know first. The person's identity number is in the request,
 * so every person-keyed read needs nothing else; the company-keyed reads need the credit codes
 * market supervision's companies read returns. Each read is one legacy call however many
 * records it covers (each adapter's LegacyOperation batches its keys into the system's own
 * batch operation); the service centre's cases are its own store, not a legacy system.
 *
 * Not reads of their own: the companies' legal representatives (the person themselves, the
 * public-security record already read) and the access check of a `case:` purpose (the
 * applicant's record, minor children and companies: the same public-security and market
 * supervision records).
 */
export interface LegacyRead {
  id: string;
  system: LegacySystem;
  what: string;
  /** Reads whose answer this one needs first (their `id`s). */
  after: string[];
  /** Only for a person who represents at least one company (otherwise there is no key to ask with). */
  companiesOnly?: boolean;
}

export const COUNTER_VIEW_READS: LegacyRead[] = [
  { id: 'person', system: 'public-security', what: 'the person (name, document, birth date)', after: [] },
  { id: 'companies', system: 'market-supervision', what: 'the companies the person represents', after: [] },
  {
    id: 'licences',
    system: 'market-supervision',
    what: "those companies' licences",
    after: ['companies'],
    companiesOnly: true,
  },
  {
    id: 'tax',
    system: 'tax',
    what: "those companies' tax status",
    after: ['companies'],
    companiesOnly: true,
  },
  { id: 'properties', system: 'housing', what: 'the properties the person owns', after: [] },
  { id: 'social-security', system: 'human-resources', what: 'social security', after: [] },
  { id: 'certificates', system: 'big-data-center', what: 'the e-certificates the person holds', after: [] },
];

/** The fewest legacy calls one counter view of a person can make, by system (cold caches). */
export function minimumCalls(hasCompanies: boolean): Partial<Record<LegacySystem, number>> {
  const calls: Partial<Record<LegacySystem, number>> = {};
  for (const r of COUNTER_VIEW_READS)
    if (hasCompanies || !r.companiesOnly) calls[r.system] = (calls[r.system] ?? 0) + 1;
  return calls;
}

/** The sum of minimumCalls. */
export function minimumCallCount(hasCompanies: boolean): number {
  return Object.values(minimumCalls(hasCompanies)).reduce((a, b) => a + (b ?? 0), 0);
}

/**
 * The critical path of the counter view: the chain of reads, each waiting for the one before,
 * with the largest sum of legacy latencies; and that sum, in ms. A chain of one read is the
 * slowest system that needs nothing but the identity number.
 */
export function criticalPath(latencyMs: Record<LegacySystem, number>): { reads: LegacyRead[]; ms: number } {
  const byId = new Map(COUNTER_VIEW_READS.map((r) => [r.id, r]));
  const longest = new Map<string, { reads: LegacyRead[]; ms: number }>();
  const pathTo = (r: LegacyRead): { reads: LegacyRead[]; ms: number } => {
    const known = longest.get(r.id);
    if (known) return known;
    let before: { reads: LegacyRead[]; ms: number } = { reads: [], ms: 0 };
    for (const id of r.after) {
      const p = pathTo(byId.get(id)!);
      if (p.ms > before.ms) before = p;
    }
    const path = { reads: [...before.reads, r], ms: before.ms + latencyMs[r.system] };
    longest.set(r.id, path);
    return path;
  };
  return COUNTER_VIEW_READS.map(pathTo).reduce((a, b) => (b.ms > a.ms ? b : a));
}

/** A path as text, e.g. `market-supervision (companies, 60 ms) → tax (tax, 20 ms)`. */
export function pathText(reads: LegacyRead[], latencyMs: Record<LegacySystem, number>): string {
  return reads.map((r) => `${r.system} (${r.id}, ${latencyMs[r.system]} ms)`).join(' → ');
}
