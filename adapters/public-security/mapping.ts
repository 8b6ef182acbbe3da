import { DataLayerError } from '../kit/errors';
import { parseIdentity } from '../kit/identity';
import { logger } from '../kit/logger';
import type { LegacyResult } from './client';
import { DEPARTMENT } from './department';
import { badReply } from './errors';
import { documentTypeOf, FHDM, sexOf } from './legacy-codes';
import type { Person } from './model';
import { idOf } from './query';
import { text } from './soap';

const OPERATION = 'QueryPersonBatch';

class MissingField extends Error {}

function required(r: Record<string, unknown>, name: string): string {
  const v = text(r[name]);
  if (!v) throw new MissingField(`${name} is missing or empty`);
  return v;
}

function optional(r: Record<string, unknown>, name: string): string | null {
  const v = text(r[name]);
  if (v === undefined && r[name] !== undefined) throw new MissingField(`${name} is not text`);
  return v ? v : null;
}

/** yyyyMMdd -> YYYY-MM-DD, only for real calendar dates. */
function isoDate(csrq: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(csrq);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3]))
    throw new MissingField(`CSRQ "${csrq}" is not a yyyyMMdd date`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * A relative's id as the graph knows it. The registry's relative fields are free text typed
 * in at the counter decades ago; a malformed one must not hide the person, so it is dropped
 * (and logged for the data-quality team) rather than failing the record.
 */
function relative(owner: string, field: string, raw: string | null): string | null {
  if (raw === null) return null;
  try {
    return parseIdentity(raw).id;
  } catch {
    logger.warn(
      { department: DEPARTMENT, person: owner, field },
      'registry relative id is malformed; dropped',
    );
    return null;
  }
}

function children(owner: string, r: Record<string, unknown>): string[] {
  const list = r.ZNSFZHLB;
  if (list === undefined || text(list) === '' || text(list) === null) return [];
  const items = typeof list === 'object' ? (list as { ZNSFZH?: unknown }).ZNSFZH : undefined;
  if (!Array.isArray(items)) throw new MissingField('ZNSFZHLB is not a list of ZNSFZH');
  return items.map((c) => relative(owner, 'ZNSFZH', text(c) || null)).filter((c): c is string => c !== null);
}

/** A found record (RYXX) -> the canonical Person; it must be the person asked for. */
function toPerson(expectedId: string, r: Record<string, unknown>): Person {
  const zjlx = required(r, 'ZJLX');
  const documentType = documentTypeOf(zjlx);
  if (!documentType) throw new MissingField(`ZJLX "${zjlx}" is not a known document type code`);
  const documentNumber = required(r, 'ZJHM');
  const nationality = required(r, 'GJDQ');
  if (!/^[A-Z]{3}$/.test(nationality))
    throw new MissingField(`GJDQ "${nationality}" is not an ISO alpha-3 code`);
  const id = idOf(zjlx, documentNumber, nationality);
  if (id !== expectedId) throw new MissingField(`answered for ${id} where ${expectedId} was asked`);
  const xb = required(r, 'XB');
  const sex = sexOf(xb);
  if (!sex) throw new MissingField(`XB "${xb}" is not 1 or 2`);
  return {
    id,
    name: required(r, 'XM'),
    nameLatin: optional(r, 'YWXM'),
    documentType,
    documentNumber,
    nationality,
    sex,
    birthDate: isoDate(required(r, 'CSRQ')),
    householdAddress: optional(r, 'HJDZ'),
    fatherId: relative(id, 'FQSFZH', optional(r, 'FQSFZH')),
    motherId: relative(id, 'MQSFZH', optional(r, 'MQSFZH')),
    childIds: children(id, r),
  };
}

/**
 * One slot per asked id, matched by sequence number (XH): the Person, null for 0001 (not found),
 * or an Error for that id alone (a per-record error code, a malformed record, a missing result).
 */
export function toSlots(ids: readonly string[], results: readonly LegacyResult[]): (Person | null | Error)[] {
  const byXh = new Map(results.map((r) => [r.XH, r]));
  return ids.map((id, i) => {
    const r = byXh.get(String(i + 1));
    if (!r) return badReply(OPERATION, `no result for condition ${i + 1} (${id})`);
    if (r.FHDM === FHDM.NOT_FOUND) return null;
    if (r.FHDM !== FHDM.FOUND)
      return new DataLayerError(
        'LEGACY_FAULT',
        `${DEPARTMENT} ${OPERATION}: return code ${r.FHDM || '(none)'} for ${id}`,
        {
          department: DEPARTMENT,
          cause: new Error(`FHDM ${r.FHDM}: ${r.FHXX}`),
        },
      );
    if (!r.RYXX) return badReply(OPERATION, `FHDM 0000 without RYXX for ${id}`);
    try {
      return toPerson(id, r.RYXX);
    } catch (e) {
      if (e instanceof MissingField) return badReply(OPERATION, `malformed record for ${id}: ${e.message}`);
      throw e;
    }
  });
}
