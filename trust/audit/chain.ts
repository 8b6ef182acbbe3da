import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import type { AuditDraft, AuditRecord } from './record';

/** The `prevHash` of every chain's first record (seq 1): 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where a chain stands: its last committed record (seq 0 and GENESIS_HASH before the first). */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The head of a chain that holds no record yet. */
export const EMPTY_HEAD: Readonly<ChainHead> = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/**
 * The JSON a record's hash is taken over: every field but `hash`, keys in this fixed order
 * (the order AuditDraft and AuditRecord declare them):
 *
 *   time, traceId, kind, actor, role, channel, purpose, caseId, department, entityType,
 *   entityId, subject, fields, outcome, writer, seq, prevHash
 *
 * No whitespace; strings escaped as JSON.stringify does; `null` for absent purpose, caseId and
 * subject; `fields` as stored (its order is part of the record). The object is rebuilt key by key
 * rather than stringified as given, so extra properties (a database row's id) or another key
 * order never change the hash. Changing this function breaks every stored chain.
 */
export function canonicalRecordJson(record: Omit<AuditRecord, 'hash'>): string {
  return JSON.stringify({
    time: record.time,
    traceId: record.traceId,
    kind: record.kind,
    actor: record.actor,
    role: record.role,
    channel: record.channel,
    purpose: record.purpose ?? null,
    caseId: record.caseId ?? null,
    department: record.department,
    entityType: record.entityType,
    entityId: record.entityId,
    subject: record.subject ?? null,
    fields: record.fields,
    outcome: record.outcome,
    writer: record.writer,
    seq: record.seq,
    prevHash: record.prevHash,
  });
}

/** SHA-256 (lowercase hex) over canonicalRecordJson: the record's `hash`, and the next record's `prevHash`. */
export function hashRecord(record: Omit<AuditRecord, 'hash'>): string {
  return createHash('sha256').update(canonicalRecordJson(record), 'utf8').digest('hex');
}

/**
 * A fresh chain id for one store instance: `<department>@<host>:<pid>:<random base36>`. The
 * random part keeps two stores of one process (or a restarted process that got the same pid)
 * from ever sharing a chain, so no writer needs to read another's head or take a global lock.
 */
export function newWriterId(department: string): string {
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36);
  return `${department}@${os.hostname()}:${process.pid}:${random}`;
}

/** The drafts as the next records of the chain after `head`, each linked to the one before. */
export function extendChain(writer: string, head: ChainHead, drafts: readonly AuditDraft[]): AuditRecord[] {
  const records: AuditRecord[] = [];
  let { seq, hash } = head;
  for (const draft of drafts) {
    const body: Omit<AuditRecord, 'hash'> = { ...draft, writer, seq: seq + 1, prevHash: hash };
    const record: AuditRecord = { ...body, hash: hashRecord(body) };
    records.push(record);
    seq = record.seq;
    hash = record.hash;
  }
  return records;
}
