import { createHash, createSecretKey, type KeyObject } from 'node:crypto';

/**
 * The demo verifier key (base64url of the 32 ASCII bytes "owdl-demo-suishenma-verifier-key"),
 * shared with the adapter's default so `npm start` works without configuration. Documented in
 * README.md; never use it outside local runs.
 */
export const DEMO_SUISHENMA_VERIFIER_KEY = 'b3dkbC1kZW1vLXN1aXNoZW5tYS12ZXJpZmllci1rZXk';

/** A 256-bit symmetric key Suishenma codes are encrypted under (JWE `dir`, `A256GCM`), and its id. */
export interface VerifierKey {
  kid: string;
  key: KeyObject;
}

/**
 * The id a code names its verifier key by: `ssm-vk-` and the first 8 characters of the key's
 * RFC 7638 JWK thumbprint (SHA-256 of `{"k":..,"kty":"oct"}`). Derived, not configured, so the
 * issuer and the verifier can never disagree about it and a rotated key gets a new id by itself;
 * 48 bits of a hash tell nothing about a 256-bit key.
 */
export function verifierKeyId(k: string): string {
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ k, kty: 'oct' }))
    .digest('base64url');
  return `ssm-vk-${thumbprint.slice(0, 8)}`;
}

/**
 * Reads a verifier key given as base64url of exactly 32 bytes (43 characters, no padding).
 * The message names `name` (the option or variable) and the length it got, never the key.
 */
export function parseVerifierKey(raw: unknown, name: string): VerifierKey {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const bytes = Buffer.from(text, 'base64url');
  if (!/^[A-Za-z0-9_-]{43}$/.test(text) || bytes.length !== 32 || bytes.toString('base64url') !== text)
    throw new TypeError(
      `${name} must be base64url of 32 bytes (43 characters [A-Za-z0-9_-], no padding): got ${
        typeof raw === 'string' ? `${raw.length} characters` : typeof raw
      }`,
    );
  return { kid: verifierKeyId(text), key: createSecretKey(bytes) };
}
