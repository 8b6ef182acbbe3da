import { DataLayerError } from '../kit/errors';
import { DEPARTMENT } from './errors';
import type { Certificate, HolderType } from './model';

/** What the QR code on a paper copy starts with; the version lets the format change later. */
export const DOCUMENT_PREFIX = 'OWDL-CERT:1:';

/** What a paper copy says: the issued fields, the printed verification code and the issuer's signature. */
export interface CertificateDocument {
  id: string;
  type: string;
  title: string;
  number: string;
  issuerCode: string;
  holderType: HolderType;
  holderId: string;
  validFrom: string;
  validUntil: string | null;
  verificationCode: string;
  issuerSignature: string;
}

/** What a paper copy carries, each exactly as the library holds it. */
export const PAPER_FIELDS = [
  'id',
  'type',
  'title',
  'number',
  'issuerCode',
  'holderType',
  'holderId',
  'validFrom',
  'validUntil',
  'verificationCode',
  'issuerSignature',
] as const;

/**
 * The QR payload printed on a paper copy: the prefix, then base64url of the JSON of what
 * the paper says. It carries the issuer's signature, so a scanner can check the paper
 * against the issuer's key and against the library record.
 */
export function encodeCertificateDocument(c: Certificate): string {
  const doc = Object.fromEntries(PAPER_FIELDS.map((f) => [f, c[f]])) as unknown as CertificateDocument;
  return DOCUMENT_PREFIX + Buffer.from(JSON.stringify(doc), 'utf8').toString('base64url');
}

function malformed(why: string): DataLayerError {
  return new DataLayerError('INVALID_ARGUMENT', `document is not a certificate QR payload: ${why}`, {
    department: DEPARTMENT,
  });
}

/** Reads a QR payload back; anything that is not one is INVALID_ARGUMENT. */
export function decodeCertificateDocument(payload: string): CertificateDocument {
  if (typeof payload !== 'string' || !payload.startsWith(DOCUMENT_PREFIX))
    throw malformed(`it does not start with ${DOCUMENT_PREFIX}`);
  const body = payload.slice(DOCUMENT_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw malformed('the body is not base64url');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw malformed('the body is not JSON');
  }
  const r = raw as Record<string, unknown> | null;
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw malformed('the body is not a JSON object');
  for (const f of PAPER_FIELDS) {
    const v = r[f];
    if (f === 'validUntil' ? v !== null && typeof v !== 'string' : typeof v !== 'string' || v === '')
      throw malformed(`${f} is missing`);
  }
  if (r.holderType !== 'PERSON' && r.holderType !== 'COMPANY')
    throw malformed('holderType is not PERSON or COMPANY');
  return Object.fromEntries(PAPER_FIELDS.map((f) => [f, r[f]])) as unknown as CertificateDocument;
}
