import { createPublicKey, verify } from 'node:crypto';
import type { Certificate } from './model';

/** The fields an issuer signs, and its signature: a library record or what a paper copy says. */
export type SignedFields = Pick<
  Certificate,
  | 'holderId'
  | 'holderType'
  | 'id'
  | 'issuerCode'
  | 'number'
  | 'title'
  | 'type'
  | 'validFrom'
  | 'validUntil'
  | 'issuerSignature'
>;

/**
 * The bytes an issuer signs: UTF-8 JSON of the issued fields, keys in alphabetical
 * order, no whitespace. `status` is not signed: the library records expiry and
 * revocation after issue, and that must not break the issuer's signature.
 */
export function canonicalCertificatePayload(c: SignedFields): Buffer {
  const fields = {
    holderId: c.holderId,
    holderType: c.holderType,
    id: c.id,
    issuerCode: c.issuerCode,
    number: c.number,
    title: c.title,
    type: c.type,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
  };
  return Buffer.from(JSON.stringify(fields), 'utf8');
}

/** Does the certificate's issuerSignature verify under this Ed25519 public key (SPKI PEM)? */
export function issuerSignatureValid(c: SignedFields, publicKeyPem: string): boolean {
  try {
    return verify(
      null,
      canonicalCertificatePayload(c),
      createPublicKey(publicKeyPem),
      Buffer.from(c.issuerSignature, 'base64'),
    );
  } catch {
    // A malformed key or signature is simply not a valid signature.
    return false;
  }
}
