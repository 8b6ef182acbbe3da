import { DataLayerError } from '../../adapters/kit/errors';
import type { AuditDraft } from './record';

/**
 * `Date.prototype.toISOString()` output. Times are stored as this text and compared as text
 * (query ranges, newest-first order), which is only chronological in this one fixed format.
 */
export const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const KINDS = new Set(['read', 'request']);
const OUTCOMES = new Set(['returned', 'masked', 'denied', 'failed']);
const REQUIRED_TEXT = [
  'traceId',
  'actor',
  'role',
  'channel',
  'department',
  'entityType',
  'entityId',
] as const;
const NULLABLE_TEXT = ['purpose', 'caseId', 'subject'] as const;

function invalid(i: number, message: string): DataLayerError {
  // A malformed draft is a bug in the writer's code, not the caller's request nor an outage:
  // INTERNAL (500), and the read it describes is not returned (fail closed).
  return new DataLayerError('INTERNAL', `audit draft ${i}: ${message}`);
}

/**
 * Checks every draft and returns clean copies holding exactly the AuditDraft fields (a caller's
 * later change to its objects, or an extra property, never reaches the hashed record).
 * Throws DataLayerError INTERNAL naming the first bad field.
 */
export function checkDrafts(drafts: readonly AuditDraft[]): AuditDraft[] {
  if (!Array.isArray(drafts)) throw invalid(0, 'append takes an array of drafts');
  return drafts.map((d, i) => {
    if (typeof d !== 'object' || d === null) throw invalid(i, 'not an object');
    if (typeof d.time !== 'string' || !ISO_UTC_MS.test(d.time) || Number.isNaN(Date.parse(d.time)))
      throw invalid(i, `time must be ISO 8601 UTC with milliseconds (toISOString()): ${String(d.time)}`);
    for (const key of REQUIRED_TEXT)
      if (typeof d[key] !== 'string' || d[key] === '') throw invalid(i, `${key} must be a non-empty string`);
    for (const key of NULLABLE_TEXT)
      if (d[key] !== null && typeof d[key] !== 'string') throw invalid(i, `${key} must be a string or null`);
    if (!KINDS.has(d.kind)) throw invalid(i, `kind must be read or request: ${String(d.kind)}`);
    if (!OUTCOMES.has(d.outcome))
      throw invalid(i, `outcome must be returned, masked, denied or failed: ${String(d.outcome)}`);
    if (!Array.isArray(d.fields) || !(d.fields as unknown[]).every((f) => typeof f === 'string'))
      throw invalid(i, 'fields must be an array of strings');
    return {
      time: d.time,
      traceId: d.traceId,
      kind: d.kind,
      actor: d.actor,
      role: d.role,
      channel: d.channel,
      purpose: d.purpose,
      caseId: d.caseId,
      department: d.department,
      entityType: d.entityType,
      entityId: d.entityId,
      subject: d.subject,
      fields: [...d.fields],
      outcome: d.outcome,
    };
  });
}
