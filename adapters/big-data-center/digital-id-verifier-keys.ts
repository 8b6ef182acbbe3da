import { createHash, createSecretKey, type KeyObject } from 'node:crypto';

/**
 * The demo verifier key the mock encrypts codes under by default (base64url of the 32 ASCII
 * bytes "owdl-demo-suishenma-verifier-key"): for local runs only (README.md).
 */
export const DEMO_SUISHENMA_VERIFIER_KEY = 'b3dkbC1kZW1vLXN1aXNoZW5tYS12ZXJpZmllci1rZXk';

/**
 * The id a code's JWE header names its verifier key by: `ssm-vk-` and the first 8 characters
 * of the key's RFC 7638 JWK thumbprint (SHA-256 of `{"k":..,"kty":"oct"}`). The Big Data
 * Center derives it the same way, so issuer and verifier never disagree and a rotated key
 * gets a new id by itself.
 */
export function verifierKeyId(k: string): string {
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ k, kty: 'oct' }))
    .digest('base64url');
  return `ssm-vk-${thumbprint.slice(0, 8)}`;
}

/**
 * Reads the verifier keys: base64url of exactly 32 bytes each (43 characters, no padding),
 * comma-separated when several are accepted during a rotation (the platform's new key beside
 * the old one until the old one's codes have expired). The message names `name` (the option)
 * and which entry is wrong, never a key.
 */
export function parseVerifierKeys(raw: unknown, name: string): Map<string, KeyObject> {
  if (typeof raw !== 'string')
    throw new TypeError(`${name} must be a string of base64url 32-byte keys: got ${typeof raw}`);
  const keys = new Map<string, KeyObject>();
  raw.split(',').forEach((entry, i) => {
    const text = entry.trim();
    const bytes = Buffer.from(text, 'base64url');
    if (!/^[A-Za-z0-9_-]{43}$/.test(text) || bytes.length !== 32 || bytes.toString('base64url') !== text)
      throw new TypeError(
        `${name} must be base64url of 32 bytes (43 characters [A-Za-z0-9_-], no padding), ` +
          `comma-separated when several: key ${i + 1} has ${text.length} characters`,
      );
    keys.set(verifierKeyId(text), createSecretKey(bytes));
  });
  return keys;
}
