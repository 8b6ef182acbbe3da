import { createDecipheriv, verify, type KeyObject } from 'node:crypto';
import type { ErrorCode } from '../kit/error-codes';
import { DataLayerError } from '../kit/errors';
import { DEPARTMENT } from './errors';
import { COMPACT_DIR_JWE } from './suishenma-mapping';

/** Issuer (`iss`) of Suishenma codes. */
export const SUISHENMA_ISSUER = 'shanghai-big-data-center/suishenma';
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Longest code accepted before any parsing (a QR code a phone shows holds far less). */
const MAX_CODE_LENGTH = 4_096;
/** AES-GCM's initialisation vector and tag, in bytes (RFC 7518 §5.3: 96 and 128 bits). */
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Claims must be UTF-8 (RFC 7519 §7.2); a wrong byte is a malformed code, not a replacement character. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A refused code's error: `digital ID: <why>`, from the Big Data Center. */
export function digitalIdError(code: ErrorCode, message: string): DataLayerError {
  return new DataLayerError(code, `digital ID: ${message}`, { department: DEPARTMENT });
}
const malformed = (message: string) => digitalIdError('DIGITAL_ID_MALFORMED', message);

/** A base64url part of a compact serialisation; the regexes let only its alphabet through, but 4n+1 characters are no base64 at all. */
function base64url(part: string, what: string): Buffer {
  if (part.length % 4 === 1) throw malformed(`the ${what} is not base64url`);
  return Buffer.from(part, 'base64url');
}

/** A JOSE header or a claims set: UTF-8 JSON, an object (RFC 7515 §4, RFC 7519 §7.2). */
function jsonObject(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    throw malformed(`the ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw malformed(`the ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * The signed JWS inside a code: a compact JWE with `alg: dir`, `enc: A256GCM`, `cty: JWT` and a
 * `kid` naming a verifier key we hold. AES-GCM's tag proves the code was encrypted under that key
 * and not altered (the additional authenticated data is the protected header as written, RFC 7516
 * §5.2). node:crypto, synchronous, the key a KeyObject made once: a scan costs one cipher pass.
 *
 * Only what Suishenma sends is accepted: a header with `crit` or `zip` (never used by the platform)
 * is malformed, as are other algorithms. Errors in order: not a compact JWE, a bad header or
 * encoding (MALFORMED); a key we do not hold (FORGED); a wrong IV or tag length (MALFORMED); a
 * tag that does not match (FORGED); content that is not a JWT (MALFORMED).
 */
export function decryptCode(code: unknown, verifierKeys: ReadonlyMap<string, KeyObject>): string {
  if (typeof code !== 'string' || code.length > MAX_CODE_LENGTH || !COMPACT_DIR_JWE.test(code))
    throw malformed('not a compact JWE (codes are encrypted: alg dir, enc A256GCM)');
  const [encodedHeader, , encodedIv, encodedCiphertext, encodedTag] = code.split('.') as [
    string,
    string,
    string,
    string,
    string,
  ];
  const header = jsonObject(base64url(encodedHeader, 'JWE header'), 'JWE header');
  const ciphertext = base64url(encodedCiphertext, 'ciphertext');
  const iv = base64url(encodedIv, 'initialisation vector');
  const tag = base64url(encodedTag, 'authentication tag');
  if (header.crit !== undefined || header.zip !== undefined)
    throw malformed('the JWE header asks for crit or zip, which Suishenma codes never use');
  if (header.alg !== 'dir' || header.enc !== 'A256GCM')
    throw malformed(`encrypted with ${String(header.alg)}/${String(header.enc)}, not dir/A256GCM`);
  const key = typeof header.kid === 'string' ? verifierKeys.get(header.kid) : undefined;
  if (!key)
    throw digitalIdError(
      'DIGITAL_ID_FORGED',
      typeof header.kid === 'string'
        ? `encrypted under key ${header.kid}, not a verifier key held`
        : 'names no verifier key (kid)',
    );
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw malformed('the initialisation vector or the authentication tag has the wrong length');
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(encodedHeader, 'latin1'));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw digitalIdError(
      'DIGITAL_ID_FORGED',
      'the code does not decrypt under the verifier key (altered or foreign)',
    );
  }
  if (header.cty !== 'JWT') throw malformed('the encrypted content is not a JWT');
  // latin1 maps byte for byte: anything outside base64url then fails the JWS's pattern.
  return plaintext.toString('latin1');
}

/** A code's claims once its signature verified, and whether it has expired. */
export interface VerifiedClaims {
  claims: Record<string, unknown>;
  expired: boolean;
}

/**
 * Verifies the signed JWT inside a code: compact JWS, `alg: EdDSA`, a `kid` the platform publishes
 * (`keyOf`), the Ed25519 signature (node:crypto, synchronous), then the claims as RFC 7519 has them
 * (JSON object; `iss` the Suishenma issuer; `iat`, `nbf` and `exp` numbers when present; `nbf` not
 * after `nowMs`). `exp` at or before `nowMs` (whole seconds) gives `expired`: a genuine code, refused
 * by the caller. Errors: malformed JWS, header or claims (MALFORMED); no published key or a bad
 * signature (FORGED). `crit` and `b64` (never used by the platform) are malformed.
 */
export async function verifyCodeJws(
  jws: string,
  keyOf: (kid: string) => Promise<KeyObject | undefined>,
  nowMs: number,
): Promise<VerifiedClaims> {
  if (!COMPACT_JWS.test(jws)) throw malformed('the encrypted content is not a compact JWS');
  const signed = jws.lastIndexOf('.');
  const [encodedHeader, encodedPayload, encodedSignature] = jws.split('.') as [string, string, string];
  const header = jsonObject(base64url(encodedHeader, 'JWS header'), 'JWS header');
  if (header.crit !== undefined || header.b64 !== undefined)
    throw malformed('the JWS header asks for crit or b64, which Suishenma codes never use');
  if (header.alg !== 'EdDSA') throw malformed(`signed with ${String(header.alg)}, not EdDSA`);
  if (typeof header.kid !== 'string') throw digitalIdError('DIGITAL_ID_FORGED', 'names no signing key (kid)');
  const key = await keyOf(header.kid);
  if (!key)
    throw digitalIdError('DIGITAL_ID_FORGED', `key ${header.kid} is not published by the Big Data Center`);
  const signature = base64url(encodedSignature, 'signature');
  if (!verify(null, Buffer.from(jws.slice(0, signed), 'latin1'), key, signature))
    throw digitalIdError('DIGITAL_ID_FORGED', 'the signature does not verify');

  const claims = jsonObject(base64url(encodedPayload, 'claims set'), 'claims set');
  if (claims.iss !== SUISHENMA_ISSUER)
    throw malformed(`issued by ${JSON.stringify(claims.iss) ?? 'nobody'}, not ${SUISHENMA_ISSUER}`);
  for (const name of ['iat', 'nbf', 'exp'])
    if (claims[name] !== undefined && typeof claims[name] !== 'number')
      throw malformed(`claim ${name} is not a number`);
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.nbf === 'number' && claims.nbf > now) throw malformed('the code is not valid yet (nbf)');
  return { claims, expired: typeof claims.exp === 'number' && claims.exp <= now };
}
