import { createHash } from 'node:crypto';
import {
  SignJWT,
  createLocalJWKSet,
  importJWK,
  jwtVerify,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from 'jose';
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

/** Signs contexts with the gateway's private key (an Ed25519 JWK with a `kid`). */
export async function contextSigner(privateJwk: JWK) {
  if (!privateJwk.kid) throw new Error('the context-signing key needs a kid');
  const key = await importJWK(privateJwk, 'EdDSA');
  return (trust: TrustContext, audience: string, hash: string, ttlSec: number): Promise<string> =>
    new SignJWT({ ctx: trust, bh: hash } as unknown as JWTPayload)
      .setProtectedHeader({ alg: 'EdDSA', kid: privateJwk.kid })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(
        Math.floor(Date.now() / 1000) + Math.max(1, Math.min(MAX_CONTEXT_TTL_SEC, Math.ceil(ttlSec))),
      )
      .sign(key);
}
export type ContextSigner = Awaited<ReturnType<typeof contextSigner>>;

/**
 * Checks a signed context as a subgraph receives it: signed by a key of the gateway's JWKS
 * (several during a rotation), meant for this subgraph, not expired, and bound to exactly
 * this operation and variables. Anything else is CONTEXT_REQUIRED: the subgraph answers no one
 * but the gateway.
 */
export function contextVerifier(publicJwks: JSONWebKeySet, audience: string) {
  const keys = createLocalJWKSet(publicJwks);
  return async (header: string | undefined, hash: string): Promise<TrustContext> => {
    if (!header)
      throw new DataLayerError('CONTEXT_REQUIRED', 'no signed context: call the gateway, not the subgraph');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(header, keys, { issuer: ISSUER, audience, algorithms: ['EdDSA'] }));
    } catch (e) {
      throw new DataLayerError(
        'CONTEXT_REQUIRED',
        `signed context refused (${(e as { code?: string }).code ?? 'invalid'})`,
      );
    }
    if (payload.bh !== hash)
      throw new DataLayerError('CONTEXT_REQUIRED', 'signed context belongs to another operation');
    return payload.ctx as TrustContext;
  };
}
export type ContextVerifier = ReturnType<typeof contextVerifier>;
