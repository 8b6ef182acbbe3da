import type { AuditCheckpoint } from './reader';
import type { AuditRecord } from './record';

/** Columns of `audit_records` in insert order, the same in SQLite and PostgreSQL. */
export const RECORD_COLUMNS = [
  'writer',
  'seq',
  'time',
  'trace_id',
  'kind',
  'actor',
  'role',
  'channel',
  'purpose',
  'case_id',
  'department',
  'entity_type',
  'entity_id',
  'subject',
  'fields',
  'outcome',
  'prev_hash',
  'hash',
] as const;

/** Columns of `audit_checkpoints` in insert order. */
export const CHECKPOINT_COLUMNS = ['writer', 'seq', 'hash', 'time', 'kid', 'signature'] as const;

/** A row as a driver returns it (PostgreSQL returns bigint as text). */
export interface RecordRow {
  writer: string;
  seq: number | string;
  time: string;
  trace_id: string;
  kind: string;
  actor: string;
  role: string;
  channel: string;
  purpose: string | null;
  case_id: string | null;
  department: string;
  entity_type: string;
  entity_id: string;
  subject: string | null;
  fields: string;
  outcome: string;
  prev_hash: string;
  hash: string;
}

export interface CheckpointRow {
  writer: string;
  seq: number | string;
  hash: string;
  time: string;
  kid: string;
  signature: string;
}

/** The record's values in RECORD_COLUMNS order; `fields` as JSON text. */
export function recordValues(r: AuditRecord): unknown[] {
  return [
    r.writer,
    r.seq,
    r.time,
    r.traceId,
    r.kind,
    r.actor,
    r.role,
    r.channel,
    r.purpose,
    r.caseId,
    r.department,
    r.entityType,
    r.entityId,
    r.subject,
    JSON.stringify(r.fields),
    r.outcome,
    r.prevHash,
    r.hash,
  ];
}

/** The checkpoint's values in CHECKPOINT_COLUMNS order. */
export function checkpointValues(c: AuditCheckpoint): unknown[] {
  return [c.writer, c.seq, c.hash, c.time, c.kid, c.signature];
}

/**
 * `fields` back from its JSON text. Text someone edited into something else is kept as one
 * element rather than thrown on: the record still shows, and its hash no longer matches, so
 * verification names it as edited instead of stopping at a parse error.
 */
function parseFields(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((f) => typeof f === 'string')) return value;
  } catch {
    // fall through
  }
  return [String(text)];
}

export function rowToRecord(row: RecordRow): AuditRecord {
  return {
    time: row.time,
    traceId: row.trace_id,
    kind: row.kind as AuditRecord['kind'],
    actor: row.actor,
    role: row.role as AuditRecord['role'],
    channel: row.channel,
    purpose: row.purpose,
    caseId: row.case_id,
    department: row.department,
    entityType: row.entity_type,
    entityId: row.entity_id,
    subject: row.subject,
    fields: parseFields(row.fields),
    outcome: row.outcome as AuditRecord['outcome'],
    writer: row.writer,
    seq: Number(row.seq),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function rowToCheckpoint(row: CheckpointRow): AuditCheckpoint {
  return {
    writer: row.writer,
    seq: Number(row.seq),
    hash: row.hash,
    time: row.time,
    kid: row.kid,
    signature: row.signature,
  };
}
