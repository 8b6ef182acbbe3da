import type {
  CaseChannel,
  CaseEventRecord,
  CaseStatusCode,
  MaterialCheckRecord,
  MaterialCheckStatus,
} from '../model';
import type { MaterialKind } from '../catalogue/catalogue';
import { insertRows, marks, type SqlSession } from './sql-session';
import { toDistrictIso } from './timestamps';

/** One status change to record; `from` null for the submission itself. */
export interface CaseStep {
  from: CaseStatusCode | null;
  to: CaseStatusCode;
  channel: CaseChannel | null;
  note: string | null;
}

/** A case about to be written, pre-checked, with the steps it went through at submission. */
export interface NewCase {
  matterCode: string;
  applicantType: 'PERSON' | 'COMPANY';
  applicantId: string;
  channel: CaseChannel;
  idempotencyKey: string;
  requestHash: string;
  at: Date;
  /** SUBMITTED first; the case ends in the last step's status. */
  steps: CaseStep[];
  materials: MaterialCheckRecord[];
}

/** The idempotency key was taken by another submit (a retry racing the original); nothing was written. */
export class IdempotencyKeyTaken extends Error {
  override readonly name = 'IdempotencyKeyTaken';
}

/** Both engines' unique violation on cases.idempotency_key, told apart from any other failure. */
function isKeyTaken(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string };
  if (err.code === '23505') return err.constraint === 'cases_idempotency_key';
  return err.code === 'SQLITE_CONSTRAINT_UNIQUE' && /cases\.idempotency_key/.test(err.message ?? '');
}

/** `C` + the district's date YYYYMMDD. */
function dayPrefix(at: Date): string {
  return `C${toDistrictIso(at).slice(0, 10).replace(/-/g, '')}`;
}

/**
 * The next case id of the day. The counter row serialises concurrent submits (a row lock in
 * PostgreSQL, the write lock in SQLite) until their transactions end, so what follows it in
 * insertCase is one statement per table; its first use of a day starts after any case already
 * carrying that day's prefix (the golden cases).
 */
async function nextCaseId(tx: SqlSession, at: Date): Promise<string> {
  const prefix = dayPrefix(at);
  const [row] = await tx.query<{ last: number | string }>(
    `INSERT INTO case_sequences (day, last) VALUES (?,
  (SELECT COALESCE(MAX(CAST(substr(id, 10) AS INTEGER)), 0) + 1 FROM cases WHERE id LIKE ?))
ON CONFLICT (day) DO UPDATE SET last = case_sequences.last + 1
RETURNING last`,
    [prefix, `${prefix}%`],
  );
  return `${prefix}${String(Number(row!.last)).padStart(5, '0')}`;
}

/** The steps as history events `firstSeq`, `firstSeq + 1`...: one statement. */
function insertEvents(
  tx: SqlSession,
  caseId: string,
  firstSeq: number,
  at: string,
  steps: readonly CaseStep[],
): Promise<void> {
  return insertRows(
    tx,
    'case_events',
    ['case_id', 'seq', 'from_status', 'to_status', 'at', 'channel', 'note'],
    steps.map((s, i) => [caseId, firstSeq + i, s.from, s.to, at, s.channel, s.note]),
  );
}

/** Writes a case, its materials and its history; run inside one transaction. Returns the new id. */
export async function insertCase(tx: SqlSession, c: NewCase): Promise<string> {
  const id = await nextCaseId(tx, c.at);
  const at = toDistrictIso(c.at);
  try {
    await tx.query(
      `INSERT INTO cases (id, matter_code, applicant_type, applicant_id, channel, status, submitted_at, updated_at,
  idempotency_key, request_hash, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        c.matterCode,
        c.applicantType,
        c.applicantId,
        c.channel,
        c.steps[c.steps.length - 1]!.to,
        at,
        at,
        c.idempotencyKey,
        c.requestHash,
        c.steps.length,
      ],
    );
  } catch (e) {
    if (isKeyTaken(e))
      throw new IdempotencyKeyTaken(`idempotency key ${c.idempotencyKey} is taken`, { cause: e });
    throw e;
  }
  await insertEvents(tx, id, 1, at, c.steps);
  await insertRows(
    tx,
    'case_materials',
    [
      'case_id',
      'position',
      'code',
      'name',
      'kind',
      'certificate_type',
      'required',
      'status',
      'reason',
      'certificate_id',
      'reference',
    ],
    c.materials.map((m, i) => [
      id,
      i + 1,
      m.material.code,
      m.material.name,
      m.material.kind,
      m.material.certificateType,
      m.material.required ? 1 : 0,
      m.status,
      m.reason,
      m.certificateId,
      m.reference,
    ]),
  );
  return id;
}

/**
 * Moves a case through `steps` if it is still at `version` (optimistic concurrency); false when
 * another change came first, and then nothing was written.
 */
export async function moveCase(
  tx: SqlSession,
  id: string,
  version: number,
  steps: readonly CaseStep[],
  at: Date,
  issuedCertificateId: string | null,
): Promise<boolean> {
  const when = toDistrictIso(at);
  const moved = await tx.query<{ version: number }>(
    `UPDATE cases SET status = ?, version = version + ?, updated_at = ?,
  issued_certificate_id = COALESCE(?, issued_certificate_id)
WHERE id = ? AND version = ? RETURNING version`,
    [steps[steps.length - 1]!.to, steps.length, when, issuedCertificateId, id, version],
  );
  if (moved.length === 0) return false;
  const [last] = await tx.query<{ seq: number | string | null }>(
    'SELECT MAX(seq) AS seq FROM case_events WHERE case_id = ?',
    [id],
  );
  await insertEvents(tx, id, Number(last?.seq ?? 0) + 1, when, steps);
  return true;
}

/** The case a key was first used for, with the hash of that request; null when the key is new. */
export async function caseByIdempotencyKey(
  session: SqlSession,
  key: string,
): Promise<{ id: string; requestHash: string } | null> {
  const [row] = await session.query<{ id: string; request_hash: string }>(
    'SELECT id, request_hash FROM cases WHERE idempotency_key = ?',
    [key],
  );
  return row ? { id: row.id, requestHash: row.request_hash } : null;
}

interface MaterialRow {
  case_id: string;
  code: string;
  name: string;
  kind: MaterialKind;
  certificate_type: string | null;
  required: number;
  status: MaterialCheckStatus;
  reason: string | null;
  certificate_id: string | null;
  reference: string | null;
}

/** The pre-checked materials of these cases, by case id, in order: one statement. */
export async function materialsOfCases(
  session: SqlSession,
  ids: readonly string[],
): Promise<Map<string, MaterialCheckRecord[]>> {
  const out = new Map<string, MaterialCheckRecord[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await session.query<MaterialRow>(
    `SELECT case_id, code, name, kind, certificate_type, required, status, reason, certificate_id, reference
FROM case_materials WHERE case_id IN (${marks(ids.length)}) ORDER BY case_id, position`,
    ids,
  );
  for (const r of rows)
    out.get(r.case_id)?.push({
      material: {
        code: r.code,
        name: r.name,
        kind: r.kind,
        certificateType: r.certificate_type,
        required: Number(r.required) === 1,
      },
      status: r.status,
      reason: r.reason,
      certificateId: r.certificate_id,
      reference: r.reference,
    });
  return out;
}

/** The history of these cases, by case id, oldest first: one statement. */
export async function eventsOfCases(
  session: SqlSession,
  ids: readonly string[],
): Promise<Map<string, CaseEventRecord[]>> {
  const out = new Map<string, CaseEventRecord[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await session.query<{
    case_id: string;
    from_status: CaseStatusCode | null;
    to_status: CaseStatusCode;
    at: Date | string;
    channel: CaseChannel | null;
    note: string | null;
  }>(
    `SELECT case_id, from_status, to_status, at, channel, note FROM case_events
WHERE case_id IN (${marks(ids.length)}) ORDER BY case_id, seq`,
    ids,
  );
  for (const r of rows)
    out.get(r.case_id)?.push({
      from: r.from_status,
      to: r.to_status,
      at: toDistrictIso(r.at),
      channel: r.channel,
      note: r.note,
    });
  return out;
}
