import { DataLayerError, quoted } from './errors';

/** Kinds of identity document a person can be known by (DESIGN.md: identity documents). */
export type DocumentType =
  | 'RESIDENT_ID_CARD'
  | 'HK_MACAO_RESIDENCE_PERMIT'
  | 'TAIWAN_RESIDENCE_PERMIT'
  | 'FOREIGN_PERMANENT_RESIDENCE_ID'
  | 'PASSPORT'
  | 'MAINLAND_TRAVEL_PERMIT';

export interface ParsedIdentity {
  /** The canonical id used as `Person.id` across the graph. */
  id: string;
  documentType: DocumentType;
  /** The number as printed on the document. */
  documentNumber: string;
  /** ISO 3166-1 alpha-3 country of the passport holder; only for passports. */
  country?: string;
  /** YYYY-MM-DD, for the 18-character numbers that carry it. */
  birthDate?: string;
}

const GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const GB11643_CHECK = '10X98765432';

/** The GB 11643 check character for the first 17 digits of an 18-character number. */
export function gb11643CheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * GB11643_WEIGHTS[i]!;
  return GB11643_CHECK[sum % 11]!;
}

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100 check character for the first 17 characters of a unified social credit code. */
export function gb32100CheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return USCC_CHARSET[c === 31 ? 0 : c]!;
}

function validDate(yyyymmdd: string): string | undefined {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

function invalid(input: string, why: string): DataLayerError {
  return new DataLayerError(
    'INVALID_IDENTITY_NUMBER',
    `${quoted(input)} is not a valid identity number: ${why}`,
  );
}

/** Canonical id of a passport holder: `P-<ISO alpha-3 country>-<passport number>`, e.g. `P-GBR-533401827`. */
const PASSPORT_ID = /^P-([A-Z]{3})-([A-Z0-9]{5,17})$/;
/** Mainland travel permit for Hong Kong/Macao residents (H/M + 8 or 10 digits) or Taiwan residents (8 digits). */
const TRAVEL_PERMIT = /^(?:[HM]\d{8}(?:\d{2})?|\d{8})$/;

/**
 * Parses any identity document number accepted as a `Person.id`. Throws a
 * DataLayerError INVALID_IDENTITY_NUMBER (never looks anything up) when it is wrong.
 */
export function parseIdentity(raw: string): ParsedIdentity {
  const input = String(raw ?? '');
  const s = input.trim().toUpperCase();
  const passport = PASSPORT_ID.exec(s);
  if (passport)
    return { id: s, documentType: 'PASSPORT', documentNumber: passport[2]!, country: passport[1]! };
  if (TRAVEL_PERMIT.test(s)) return { id: s, documentType: 'MAINLAND_TRAVEL_PERMIT', documentNumber: s };
  if (s.length !== 18)
    throw invalid(input, 'expected 18 characters, a travel permit number, or P-<country>-<passport>');
  if (!/^\d{17}[\dX]$/.test(s)) throw invalid(input, 'expected 17 digits and a digit or X');
  const birthDate = validDate(s.slice(6, 14));
  if (!birthDate) throw invalid(input, `"${s.slice(6, 14)}" is not a valid birth date`);
  const expected = gb11643CheckDigit(s.slice(0, 17));
  if (s[17] !== expected) throw invalid(input, `check digit is ${s[17]}, expected ${expected}`);
  const prefix = s.slice(0, 6);
  let documentType: DocumentType = 'RESIDENT_ID_CARD';
  if (prefix === '810000' || prefix === '820000') documentType = 'HK_MACAO_RESIDENCE_PERMIT';
  else if (prefix === '830000') documentType = 'TAIWAN_RESIDENCE_PERMIT';
  else if (s[0] === '9') documentType = 'FOREIGN_PERMANENT_RESIDENCE_ID';
  return { id: s, documentType, documentNumber: s, birthDate };
}

/** Validates a unified social credit code (GB 32100); returns it upper-cased or throws INVALID_CREDIT_CODE. */
export function parseUscc(raw: string): string {
  const input = String(raw ?? '');
  const s = input.trim().toUpperCase();
  const fail = (why: string) =>
    new DataLayerError(
      'INVALID_CREDIT_CODE',
      `${quoted(input)} is not a valid unified social credit code: ${why}`,
    );
  if (s.length !== 18) throw fail('expected 18 characters');
  for (const ch of s)
    if (!USCC_CHARSET.includes(ch))
      throw fail(`character "${ch}" is not allowed (I, O, S, V, Z never appear)`);
  const expected = gb32100CheckChar(s.slice(0, 17));
  if (s[17] !== expected) throw fail(`check character is ${s[17]}, expected ${expected}`);
  return s;
}
