import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type JsonWebKey as NodeJsonWebKey,
  type KeyObject,
} from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import { DataLayerError } from '../../adapters/kit/errors';
import type { TrustContext } from './trust-context';

/** The header the gateway puts the signed context in. */
export const CONTEXT_HEADER = 'x-owdl-context';
/** The issuer of every signed context: the gateway. */
const ISSUER = 'urn:one-window:gateway';
/** Longest a signed context lives, in seconds, even for a request with a longer deadline. */
export const MAX_CONTEXT_TTL_SEC = 30;

/**
 * What binds a context to one subgraph call: SHA-256 over the operation text and its variables
 * (as JSON), so a captured header cannot be replayed with another query or other entities.
 */
export function bodyHash(query: unknown, variables: unknown): string {
  return createHash('sha256')
    .update(`${typeof query === 'string' ? query : ''}\n${JSON.stringify(variables ?? null)}`)
    .digest('base64url');
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * Signs contexts with the gateway's private key (an Ed25519 JWK with a `kid`): a compact JWS
 * (RFC 7515, EdDSA) that the subgraphs verify (contextVerifier). The signature is node:crypto's
 * synchronous Ed25519, not jose's: the gateway signs once per subgraph call, and jose 6 goes
 * through WebCrypto's promises, which profiles showed as the gateway's largest single cost.
 */
export async function contextSigner(privateJwk: JWK) {
  if (!privateJwk.kid) throw new Error('the context-signing key needs a kid');
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || !privateJwk.d)
    throw new Error('the context-signing key must be a private Ed25519 JWK');
  const key = createPrivateKey({ key: privateJwk as NodeJsonWebKey, format: 'jwk' });
  const header = b64url(JSON.stringify({ alg: 'EdDSA', kid: privateJwk.kid }));
  return async (trust: TrustContext, audience: string, hash: string, ttlSec: number): Promise<string> => {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + Math.max(1, Math.min(MAX_CONTEXT_TTL_SEC, Math.ceil(ttlSec)));
    const payload = b64url(JSON.stringify({ ctx: trust, bh: hash, iss: ISSUER, aud: audience, iat, exp }));
    const input = `${header}.${payload}`;
    return `${input}.${b64url(sign(null, Buffer.from(input), key))}`;
  };
}
export type ContextSigner = Awaited<ReturnType<typeof contextSigner>>;

/** Seconds a context's `iat` may lie in the future (clocks of gateway and subgraph hosts differ a little). */
const CLOCK_SKEW_SEC = 5;

/** Why a context was refused, as the error message names it (jose's codes, kept from when jose verified). */
type Refusal =
  | 'ERR_JWS_INVALID'
  | 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
  | 'ERR_JWT_CLAIM_VALIDATION_FAILED'
  | 'ERR_JWT_EXPIRED';

function refuse(why: Refusal): never {
  throw new DataLayerError('CONTEXT_REQUIRED', `signed context refused (${why})`);
}

function decodeJson(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    refuse('ERR_JWS_INVALID');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse('ERR_JWS_INVALID');
  return value as Record<string, unknown>;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a signed context as a subgraph receives it: signed by a key of the gateway's JWKS
 * (several during a rotation), meant for this subgraph, not expired, and bound to exactly
 * this operation and variables. Anything else is CONTEXT_REQUIRED: the subgraph answers no one
 * but the gateway. Verified with node:crypto's synchronous Ed25519, like the signing: the only
 * form accepted is the one contextSigner writes (header exactly `{alg: EdDSA, kid}`, a key of
 * the JWKS by that kid), so there is nothing of JWS's generality to get wrong.
 */
export function contextVerifier(publicJwks: JSONWebKeySet, audience: string) {
  const keys = new Map<string, KeyObject>();
  for (const jwk of publicJwks.keys) {
    if (!jwk.kid || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || jwk.d)
      throw new Error('every key of the context JWKS must be a public Ed25519 JWK with a kid');
    keys.set(jwk.kid, createPublicKey({ key: jwk as NodeJsonWebKey, format: 'jwk' }));
  }
  return async (header: string | undefined, hash: string): Promise<TrustContext> => {
    if (!header)
      throw new DataLayerError('CONTEXT_REQUIRED', 'no signed context: call the gateway, not the subgraph');
    const parts = header.split('.');
    if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) refuse('ERR_JWS_INVALID');
    const [protectedHeader, body, signature] = parts as [string, string, string];
    const h = decodeJson(protectedHeader);
    if (h.alg !== 'EdDSA' || typeof h.kid !== 'string' || Object.keys(h).length !== 2)
      refuse('ERR_JWS_INVALID');
    const key = keys.get(h.kid);
    if (
      !key ||
      !verify(null, Buffer.from(`${protectedHeader}.${body}`), key, Buffer.from(signature, 'base64url'))
    )
      refuse('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    const payload = decodeJson(body);
    const now = Math.floor(Date.now() / 1000);
    if (
      payload.iss !== ISSUER ||
      payload.aud !== audience ||
      typeof payload.iat !== 'number' ||
      payload.iat > now + CLOCK_SKEW_SEC
    )
      refuse('ERR_JWT_CLAIM_VALIDATION_FAILED');
    if (typeof payload.exp !== 'number' || payload.exp <= now) refuse('ERR_JWT_EXPIRED');
    if (payload.bh !== hash)
      throw new DataLayerError('CONTEXT_REQUIRED', 'signed context belongs to another operation');
    return payload.ctx as TrustContext;
  };
}
export type ContextVerifier = ReturnType<typeof contextVerifier>;
