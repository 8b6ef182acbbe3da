import { createHash, createPrivateKey, sign, type JsonWebKey as NodeJsonWebKey } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
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
 * (RFC 7515, EdDSA) that jose verifies in the subgraphs. The signature itself is node:crypto's
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
