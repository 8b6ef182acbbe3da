import { DataLayerError } from '../../adapters/kit/errors';
import type { AuditQuery, AuditRecord } from './record';

/** Records a query returns when it gives no limit. @default 100 */
export const DEFAULT_QUERY_LIMIT = 100;
/** Most records one query returns. @default 1000 */
export const MAX_QUERY_LIMIT = 1000;

/** An AuditQuery checked and normalised once, for every store to run the same way. */
export interface NormalQuery {
  /** `Type:id`, split at the first colon: matches `subject`, or the entity itself. */
  subject?: { text: string; entityType: string; entityId: string };
  actor?: string;
  department?: string;
  purpose?: string;
  caseId?: string;
  traceId?: string;
  kind?: 'read' | 'request';
  /** Inclusive lower bound, as toISOString() text (stored times compare as text). */
  from?: string;
  /** Exclusive upper bound, as toISOString() text. */
  to?: string;
  limit: number;
  after?: { writer: string; seq: number };
}

/** A date, or a date-time with `Z` or an offset: never a local time whose meaning depends on the server's zone. */
const ISO_BOUND = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const SUBJECT = /^([A-Za-z][A-Za-z0-9]*):(.+)$/;
const CURSOR = /^(.+)#([1-9]\d{0,15})$/;
const TEXT_FILTERS = ['actor', 'department', 'purpose', 'caseId', 'traceId'] as const;

function bad(message: string): DataLayerError {
  return new DataLayerError('INVALID_ARGUMENT', `audit query: ${message}`);
}

function bound(name: 'from' | 'to', value: unknown): string {
  if (typeof value !== 'string' || !ISO_BOUND.test(value) || Number.isNaN(Date.parse(value)))
    throw bad(`${name} must be an ISO 8601 date or date-time with Z or an offset: ${String(value)}`);
  return new Date(value).toISOString();
}

/** Checks every given filter (INVALID_ARGUMENT naming the first bad one) and fills in the default limit. */
export function normalizeQuery(q: AuditQuery): NormalQuery {
  if (typeof q !== 'object' || q === null) throw bad('the query must be an object');
  const out: NormalQuery = { limit: DEFAULT_QUERY_LIMIT };
  if (q.subject !== undefined) {
    const m = typeof q.subject === 'string' ? SUBJECT.exec(q.subject) : null;
    if (!m) throw bad(`subject must be <Type>:<id>, e.g. Person:310107199003070017: ${String(q.subject)}`);
    out.subject = { text: q.subject, entityType: m[1]!, entityId: m[2]! };
  }
  for (const key of TEXT_FILTERS) {
    const value = q[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') throw bad(`${key} must be a non-empty string`);
    out[key] = value;
  }
  if (q.kind !== undefined) {
    if (q.kind !== 'read' && q.kind !== 'request')
      throw bad(`kind must be read or request: ${String(q.kind)}`);
    out.kind = q.kind;
  }
  if (q.from !== undefined) out.from = bound('from', q.from);
  if (q.to !== undefined) out.to = bound('to', q.to);
  if (q.limit !== undefined) {
    if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_QUERY_LIMIT)
      throw bad(`limit must be an integer from 1 to ${MAX_QUERY_LIMIT}: ${String(q.limit)}`);
    out.limit = q.limit;
  }
  if (q.after !== undefined) {
    const m = typeof q.after === 'string' ? CURSOR.exec(q.after) : null;
    if (!m) throw bad(`after must be <writer>#<seq> of a record: ${String(q.after)}`);
    out.after = { writer: m[1]!, seq: Number(m[2]) };
  }
  return out;
}

/** The after-cursor names no stored record (a made-up cursor, or one from another database). */
export function unknownCursor(after: { writer: string; seq: number }): DataLayerError {
  return bad(`after names no record: ${after.writer}#${after.seq}`);
}

/** Newest first: by time, then writer, then seq, all descending (AuditStore.query's order). */
export function newestFirst(a: AuditRecord, b: AuditRecord): number {
  if (a.time !== b.time) return a.time < b.time ? 1 : -1;
  if (a.writer !== b.writer) return a.writer < b.writer ? 1 : -1;
  return b.seq - a.seq;
}

/** Whether the record passes every filter of the query (the in-memory store's WHERE). */
export function matchesQuery(r: AuditRecord, q: NormalQuery): boolean {
  if (
    q.subject &&
    r.subject !== q.subject.text &&
    !(r.entityType === q.subject.entityType && r.entityId === q.subject.entityId)
  )
    return false;
  if (q.actor !== undefined && r.actor !== q.actor) return false;
  if (q.department !== undefined && r.department !== q.department) return false;
  if (q.purpose !== undefined && r.purpose !== q.purpose) return false;
  if (q.caseId !== undefined && r.caseId !== q.caseId) return false;
  if (q.traceId !== undefined && r.traceId !== q.traceId) return false;
  if (q.kind !== undefined && r.kind !== q.kind) return false;
  if (q.from !== undefined && r.time < q.from) return false;
  if (q.to !== undefined && r.time >= q.to) return false;
  return true;
}
