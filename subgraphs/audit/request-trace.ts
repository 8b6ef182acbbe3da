import type { AuditRecord, AuditStore } from '../../trust/audit/record';
import type { DepartmentAccessesModel, RequestTraceModel } from './model';
import { cursorOf } from './paging';

/** Records fetched per store query while collecting one trace (the store's maximum). @default 1000 */
export const TRACE_BATCH = 1000;

/** Every record of one trace id, page by page (a request over many people has many reads). */
export async function traceRecords(store: AuditStore, traceId: string): Promise<AuditRecord[]> {
  const all: AuditRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.query({ traceId, limit: TRACE_BATCH, ...(after ? { after } : {}) });
    all.push(...page);
    if (page.length < TRACE_BATCH) return all;
    after = cursorOf(page[page.length - 1]!);
  }
}

/** Oldest first: by time, then chain, then place in the chain. */
function chronological(a: AuditRecord, b: AuditRecord): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  if (a.writer !== b.writer) return a.writer < b.writer ? -1 : 1;
  return a.seq - b.seq;
}

/**
 * One request rebuilt from its records: the gateway's request record (the earliest, should a
 * retried request have left two), each department's reads oldest first with departments in the
 * order they were first read, and the subjects those reads touched. Null for no records.
 */
export function rebuildRequestTrace(traceId: string, records: AuditRecord[]): RequestTraceModel | null {
  if (records.length === 0) return null;
  const sorted = [...records].sort(chronological);
  const departments = new Map<string, DepartmentAccessesModel>();
  const subjects = new Set<string>();
  for (const r of sorted) {
    if (r.kind !== 'read') continue;
    let group = departments.get(r.department);
    if (!group) departments.set(r.department, (group = { department: r.department, records: [] }));
    group.records.push(r);
    if (r.subject) subjects.add(r.subject);
  }
  return {
    traceId,
    request: sorted.find((r) => r.kind === 'request') ?? null,
    departments: [...departments.values()],
    subjects: [...subjects].sort(),
  };
}
