import { createHmac } from 'node:crypto';

/** Crockford base32: no I, L, O or U, so a code read aloud or typed from paper is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Seed verification codes are derived from, so a certificate keeps its code across runs. */
export const DEFAULT_VERIFICATION_CODE_SEED = 'owdl-big-data-center-verification-codes-v1';

/**
 * The short code printed on a paper copy (`XXXX-XXXX-XX`, 50 bits), derived from the
 * certificate id with HMAC so it cannot be guessed from the id yet is stable across runs.
 */
export function verificationCodeOf(seed: string, certificateId: string): string {
  const mac = createHmac('sha256', seed).update(`verify:${certificateId}`).digest();
  let bits = 0n;
  for (const byte of mac.subarray(0, 7)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 10; i++) code += ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** What a person typed, in canonical form: upper case, separators dropped, O read as 0, I and L as 1. */
export function normalizeVerificationCode(typed: string): string {
  const raw = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return raw.length === 10 ? `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}` : raw;
}
