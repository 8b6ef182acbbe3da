import { badReply } from './errors';

/** A compact JWE with `alg: dir`: header, empty encrypted key, iv, ciphertext, tag. */
export const COMPACT_DIR_JWE = /^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A JSON Web Key Set as the platform publishes it (`GET /v1/suishenma/jwks`). */
export interface JsonWebKeySet {
  keys: { kty: string; kid: string; alg?: string; crv?: string; x?: string; use?: string }[];
}

/** `{ code, expiresAt }` of `POST /v1/suishenma:issue`. */
export function toSuishenmaCode(raw: unknown): { code: string; expiresAt: string } {
  const r = raw as { code?: unknown; expiresAt?: unknown } | null;
  if (!r || typeof r.code !== 'string' || !COMPACT_DIR_JWE.test(r.code))
    throw badReply('suishenma:issue reply.code is not a compact JWE (alg dir)');
  if (typeof r.expiresAt !== 'string' || Number.isNaN(Date.parse(r.expiresAt)))
    throw badReply('suishenma:issue reply.expiresAt is not an ISO 8601 date-time');
  return { code: r.code, expiresAt: new Date(r.expiresAt).toISOString() };
}

/** The JWKS reply; only Ed25519 keys with a kid are kept (the only kind Suishenma signs with). */
export function toJwks(raw: unknown): JsonWebKeySet {
  const keys = (raw as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw badReply('suishenma jwks reply.keys is not an array');
  const usable = keys.filter(
    (k): k is JsonWebKeySet['keys'][number] =>
      !!k && typeof k === 'object' && k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.kid === 'string',
  );
  if (usable.length === 0) throw badReply('suishenma jwks reply holds no Ed25519 key');
  return { keys: usable };
}
