import { parseIdentity } from '../kit/identity';
import { DataLayerError } from '../kit/errors';
import { DEPARTMENT } from './department';
import { PASSPORT_ZJLX, zjlxOf } from './legacy-codes';

/** One query condition of the registry (查询条件, CXTJ). */
export interface PersonQuery {
  /** Document type code. */
  ZJLX: string;
  /** Document number. */
  ZJHM: string;
  /** Issuing country (ISO alpha-3); only sent for passports, whose numbers are unique per country only. */
  GJDQ?: string;
}

/**
 * Validates a canonical person id (throws INVALID_IDENTITY_NUMBER, naming this department)
 * and returns its canonical form; nothing is asked of the registry.
 */
export function canonicalPersonId(raw: string): string {
  try {
    return parseIdentity(raw).id;
  } catch (e) {
    if (e instanceof DataLayerError) throw new DataLayerError(e.code, e.message, { department: DEPARTMENT });
    throw e;
  }
}

/** The registry's query for a canonical id: `P-GBR-533401827` -> ZJLX 414, ZJHM 533401827, GJDQ GBR. */
export function queryFor(id: string): PersonQuery {
  const parsed = parseIdentity(id);
  const ZJLX = zjlxOf(parsed.documentType, parsed.documentNumber);
  return ZJLX === PASSPORT_ZJLX
    ? { ZJLX, ZJHM: parsed.documentNumber, GJDQ: parsed.country! }
    : { ZJLX, ZJHM: parsed.documentNumber };
}

/** The canonical id of a registry record, the inverse of `queryFor`. */
export function idOf(zjlx: string, zjhm: string, gjdq: string): string {
  return zjlx === PASSPORT_ZJLX ? `P-${gjdq}-${zjhm}` : zjhm;
}
