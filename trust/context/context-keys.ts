import { hkdfSync, randomBytes } from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import { readJsonFile } from '../keys/json-file';

/**
 * The keys of the signed context (signed-context.ts): HMAC-SHA256, one key per subgraph.
 *
 * The gateway holds one secret (`CONTEXT_SIGNING_KEY_FILE`, a JWK `{kty: oct, alg: HS256, kid, k}`);
 * each subgraph holds only the key derived from it for its own name (`CONTEXT_VERIFY_KEYS_FILE`, a
 * JWKS of such keys, two during a rotation), which `npm run context-key` writes. A subgraph's key
 * verifies and could mint contexts for that subgraph alone: a leaked key file opens no other
 * department, as the gateway's public key did not either. Why not Ed25519 any more: verifying a
 * signature was a fifth of the CPU of a subgraph call answered from the cache (a profile), an HMAC is
 * some fifty times cheaper, and nothing needs a third party to check a context afterwards (the
 * audit trail has its own signed checkpoints).
 */

/** The only algorithm of a context key. */
export const CONTEXT_ALG = 'HS256';
/** Bytes of every context key, the secret and the derived ones (SHA-256's output). */
export const CONTEXT_KEY_BYTES = 32;
/** HKDF's salt for the per-subgraph keys: names this scheme, so the secret is never used as is. */
const DERIVATION_SALT = 'one-window signed context v1';

/** A context key as a JWK: the gateway's secret, or a subgraph's key naming its subgraph (`audience`). */
export type ContextKeyJwk = JWK & { audience?: string };

/** A fresh gateway secret with key id `kid`. */
export function generateContextSecret(kid: string): JWK {
  return {
    kty: 'oct',
    kid,
    alg: CONTEXT_ALG,
    use: 'sig',
    k: randomBytes(CONTEXT_KEY_BYTES).toString('base64url'),
  };
}

/**
 * The key of subgraph `audience` under the gateway secret: HKDF-SHA256 of the secret with the
 * subgraph's name as its info, carrying the secret's `kid` and the name (`audience`), so a
 * subgraph can tell at start that a file holds another's key.
 */
export function deriveContextKey(secret: JWK, audience: string): ContextKeyJwk {
  const k = deriveKeyBytes(secretBytes(secret, 'the context secret'), audience);
  return { kty: 'oct', kid: secret.kid!, alg: CONTEXT_ALG, use: 'sig', audience, k: k.toString('base64url') };
}

/** The bytes of subgraph `audience`'s key under the secret's bytes `ikm` (what deriveContextKey wraps as a JWK). */
export function deriveKeyBytes(ikm: Buffer, audience: string): Buffer {
  if (!audience) throw new Error('a context key needs the name of its subgraph');
  return Buffer.from(hkdfSync('sha256', ikm, DERIVATION_SALT, `audience:${audience}`, CONTEXT_KEY_BYTES));
}

/**
 * The key bytes of a context key (the secret or a subgraph's), refusing, with `what` in the
 * message, anything but `{kty: oct, alg: HS256, kid, k}` of at least CONTEXT_KEY_BYTES bytes.
 */
export function secretBytes(jwk: JWK, what: string): Buffer {
  if (jwk.kty !== 'oct' || typeof jwk.k !== 'string')
    throw new Error(
      `${what} must be a symmetric JWK (kty "oct" with "k"); run npm run context-key -- --help`,
    );
  if (jwk.alg !== CONTEXT_ALG) throw new Error(`${what} must have alg "${CONTEXT_ALG}"`);
  if (typeof jwk.kid !== 'string' || jwk.kid === '') throw new Error(`${what} has no "kid"`);
  const bytes = Buffer.from(jwk.k, 'base64url');
  if (bytes.length < CONTEXT_KEY_BYTES)
    throw new Error(
      `${what} (kid ${jwk.kid}) is ${bytes.length} bytes; a context key needs ${CONTEXT_KEY_BYTES}`,
    );
  return bytes;
}

/** Reads the gateway's context secret (a JWK); refuses, naming the file, a subgraph's key or any other JWK. */
export function loadContextSecret(file: string): JWK {
  const jwk = readJsonFile(file, 'context secret file') as ContextKeyJwk;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
    throw new Error(`context secret file ${file} is not a JWK`);
  secretBytes(jwk, `context secret file ${file}`);
  if ('audience' in jwk)
    throw new Error(
      `context secret file ${file} holds the key of subgraph "${String(jwk.audience)}", not the gateway's secret`,
    );
  return jwk;
}

/** Reads a subgraph's context keys (a JWKS of derived keys); the verifier checks each one. */
export function loadContextKeys(file: string): JSONWebKeySet {
  const set = readJsonFile(file, 'context key file') as { keys?: unknown };
  if (typeof set !== 'object' || set === null || !Array.isArray(set.keys) || set.keys.length === 0)
    throw new Error(`context key file ${file} must be {"keys": [...]} with at least one key`);
  return set as JSONWebKeySet;
}
