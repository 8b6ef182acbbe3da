import { badReply } from './errors';
import type { Certificate, CertificateStatus, HolderType, IssuerPublicKey } from './model';

const STATUSES: readonly CertificateStatus[] = ['VALID', 'EXPIRED', 'REVOKED'];
const HOLDER_TYPES: readonly HolderType[] = ['PERSON', 'COMPANY'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Json = Record<string, unknown>;

function object(v: unknown, what: string): Json {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badReply(`${what} is not a JSON object`);
  return v as Json;
}

function text(o: Json, field: string, what: string): string {
  const v = o[field];
  if (typeof v !== 'string' || v === '') throw badReply(`${what}.${field} is missing or not a string`);
  return v;
}

function oneOf<T extends string>(o: Json, field: string, allowed: readonly T[], what: string): T {
  const v = o[field];
  if (!allowed.includes(v as T))
    throw badReply(`${what}.${field} is ${JSON.stringify(v)}, expected one of ${allowed.join(', ')}`);
  return v as T;
}

function date(o: Json, field: string, what: string): string {
  const v = text(o, field, what);
  if (!ISO_DATE.test(v)) throw badReply(`${what}.${field} is not a YYYY-MM-DD date: ${v}`);
  return v;
}

/** The `list` field of a reply body, which must be an array. */
export function listField(body: unknown, field: string, what: string): unknown[] {
  const v = object(body, what)[field];
  if (!Array.isArray(v)) throw badReply(`${what}.${field} is not an array`);
  return v;
}

/** A platform certificate record (camelCase, holder as `{ type, id }`) -> the canonical Certificate. */
export function toCertificate(raw: unknown): Certificate {
  const what = 'certificate';
  const r = object(raw, what);
  const holder = object(r.holder, `${what}.holder`);
  const validUntil = r.validUntil === null ? null : date(r, 'validUntil', what);
  if (r.signatureAlgorithm !== undefined && r.signatureAlgorithm !== 'Ed25519')
    throw badReply(`${what}.signatureAlgorithm is ${JSON.stringify(r.signatureAlgorithm)}, expected Ed25519`);
  return {
    id: text(r, 'id', what),
    type: text(r, 'type', what),
    title: text(r, 'title', what),
    number: text(r, 'number', what),
    issuerCode: text(r, 'issuerCode', what),
    holderType: oneOf(holder, 'type', HOLDER_TYPES, `${what}.holder`),
    holderId: text(holder, 'id', `${what}.holder`),
    status: oneOf(r, 'status', STATUSES, what),
    validFrom: date(r, 'validFrom', what),
    validUntil,
    issuerSignature: text(r, 'issuerSignature', what),
    verificationCode: text(r, 'verificationCode', what),
    ...(r.revokedAt === undefined ? {} : { revokedAt: text(r, 'revokedAt', what) }),
    ...(r.revocationReason === undefined ? {} : { revocationReason: text(r, 'revocationReason', what) }),
  };
}

/** A write reply `{ certificate, replayed }` -> the canonical Certificate it carries. */
export function certificateField(body: unknown, what: string): Certificate {
  return toCertificate(object(body, what).certificate);
}

/** The platform's `GET /v1/issuers/{code}/public-key` reply -> IssuerPublicKey. */
export function toIssuerPublicKey(raw: unknown): IssuerPublicKey {
  const what = 'issuer key';
  const r = object(raw, what);
  const publicKeyPem = text(r, 'publicKeyPem', what);
  if (!publicKeyPem.startsWith('-----BEGIN PUBLIC KEY-----'))
    throw badReply(`${what}.publicKeyPem is not a PEM public key`);
  return {
    issuerCode: text(r, 'issuerCode', what),
    algorithm: oneOf(r, 'algorithm', ['Ed25519'] as const, what),
    publicKeyPem,
  };
}
