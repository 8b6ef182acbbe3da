import { DataLayerError } from '../../adapters/kit/errors';
import { parseIdentity, parseUscc } from '../../adapters/kit/identity';
import type { AuditQuery } from '../../trust/audit/record';
import { toStoreTime } from './date-time';
import type { AccessRecordFilter } from './generated/resolvers-types';
import { parseTraceId } from './trace-id';

/** Longest free-text filter value (actor, department, purpose, case id), in characters. @default 200 */
export const MAX_FILTER_TEXT = 200;

/** What a filter asks of the store, and how the self-audit record names it. */
export interface ParsedFilter {
  /** The store query, without paging. */
  query: AuditQuery;
  /** `Person:<id>` or `Company:<uscc>` when the filter names one, else null. */
  subject: string | null;
  /** The filter in one line, e.g. `subject=Person:310107199003070017&from=2026-11-01T00:00:00.000Z`. */
  text: string;
}

function invalid(message: string): DataLayerError {
  return new DataLayerError('INVALID_ARGUMENT', message);
}

/** A free-text filter value: trimmed, not empty (it would match nothing), not overlong. */
function text(name: string, raw: string | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const s = raw.trim();
  if (!s) throw invalid(`filter.${name} must not be empty`);
  if (s.length > MAX_FILTER_TEXT)
    throw invalid(`filter.${name} is longer than ${MAX_FILTER_TEXT} characters`);
  return s;
}

/** Checks a time range and puts its bounds in the store's form (UTC), so `+08:00` bounds compare right. */
export function timeRange(
  from: string | null | undefined,
  to: string | null | undefined,
  where: string,
): Pick<AuditQuery, 'from' | 'to'> {
  const range: Pick<AuditQuery, 'from' | 'to'> = {};
  if (from) range.from = toStoreTime(from);
  if (to) range.to = toStoreTime(to);
  if (range.from && range.to && range.from >= range.to)
    throw invalid(`${where}from must be before ${where}to: ${from} is not before ${to}`);
  return range;
}

/** The filter's store query and name, compact: `key=value` pairs joined by `&`, in a fixed order. */
export function describeQuery(q: AuditQuery): string {
  const pairs: [string, string | undefined][] = [
    ['subject', q.subject],
    ['actor', q.actor],
    ['department', q.department],
    ['purpose', q.purpose],
    ['case', q.caseId],
    ['trace', q.traceId],
    ['from', q.from],
    ['to', q.to],
  ];
  return pairs
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * Validates an auditor's filter and turns it into a store query. Identity numbers and credit
 * codes are checked (and made canonical) before anything is asked, so a typo is an error
 * (INVALID_IDENTITY_NUMBER, INVALID_CREDIT_CODE) rather than an empty, reassuring answer.
 */
export function parseAccessFilter(filter: AccessRecordFilter): ParsedFilter {
  if (filter.person && filter.company)
    throw invalid('filter.person and filter.company exclude each other: a record has one subject');
  let subject: string | null = null;
  if (filter.person !== null && filter.person !== undefined)
    subject = `Person:${parseIdentity(filter.person).id}`;
  if (filter.company !== null && filter.company !== undefined)
    subject = `Company:${parseUscc(filter.company)}`;
  const query: AuditQuery = {
    subject: subject ?? undefined,
    actor: text('actor', filter.actor),
    department: text('department', filter.department),
    purpose: text('purpose', filter.purpose),
    caseId: text('caseId', filter.caseId),
    traceId:
      filter.traceId === null || filter.traceId === undefined
        ? undefined
        : parseTraceId(filter.traceId, 'filter.traceId'),
    ...timeRange(filter.from, filter.to, 'filter.'),
  };
  for (const k of Object.keys(query) as (keyof AuditQuery)[]) if (query[k] === undefined) delete query[k];
  if (Object.keys(query).length === 0)
    throw invalid(
      'filter needs at least one of person, company, actor, department, purpose, caseId, traceId, from, to',
    );
  return { query, subject, text: describeQuery(query) };
}
