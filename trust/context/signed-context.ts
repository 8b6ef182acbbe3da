import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import { DataLayerError } from '../../adapters/kit/errors';
import { CONTEXT_ALG, deriveKeyBytes, secretBytes, type ContextKeyJwk } from './context-keys';
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

const mac = (key: Buffer, input: string) => createHmac('sha256', key).update(input).digest();

/**
 * Signs contexts with the gateway's secret (context-keys.ts): a compact JWS (RFC 7515, HS256)
 * under the key derived for the subgraph it goes to, which that subgraph verifies
 * (contextVerifier). node:crypto's HMAC, synchronous: the gateway signs once per subgraph call.
 */
export async function contextSigner(secret: JWK) {
  const ikm = secretBytes(secret, 'the context-signing key');
  const header = b64url(JSON.stringify({ alg: CONTEXT_ALG, kid: secret.kid }));
  const keys = new Map<string, Buffer>();
  const keyFor = (audience: string) => {
    let key = keys.get(audience);
    if (!key) keys.set(audience, (key = deriveKeyBytes(ikm, audience)));
    return key;
  };
  return async (trust: TrustContext, audience: string, hash: string, ttlSec: number): Promise<string> => {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + Math.max(1, Math.min(MAX_CONTEXT_TTL_SEC, Math.ceil(ttlSec)));
    const payload = b64url(JSON.stringify({ ctx: trust, bh: hash, iss: ISSUER, aud: audience, iat, exp }));
    const input = `${header}.${payload}`;
    return `${input}.${mac(keyFor(audience), input).toString('base64url')}`;
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
 * Checks a signed context as a subgraph receives it: MACed with this subgraph's key (one of
 * `keys`, several during a rotation), meant for this subgraph, not expired, and bound to exactly
 * this operation and variables. Anything else is CONTEXT_REQUIRED: the subgraph answers no one
 * but the gateway. The only form accepted is the one contextSigner writes (header exactly
 * `{alg: HS256, kid}`, a key of the set by that kid), so there is nothing of JWS's generality to
 * get wrong. Refuses to start with a key that is not a context key of `audience`.
 */
export function contextVerifier(keys: JSONWebKeySet, audience: string) {
  const byKid = new Map<string, Buffer>();
  for (const jwk of keys.keys) {
    const bytes = secretBytes(jwk, 'every key of the context key set');
    const of = (jwk as ContextKeyJwk).audience;
    if (of !== audience)
      throw new Error(
        `context key ${jwk.kid} is ${typeof of === 'string' ? `subgraph "${of}"'s` : "no subgraph's"}, not "${audience}"'s: ` +
          `make this subgraph's with npm run context-key -- --subgraph ${audience}`,
      );
    if (byKid.has(jwk.kid!)) throw new Error(`context key ${jwk.kid} appears twice`);
    byKid.set(jwk.kid!, bytes);
  }
  return async (header: string | undefined, hash: string): Promise<TrustContext> => {
    if (!header)
      throw new DataLayerError('CONTEXT_REQUIRED', 'no signed context: call the gateway, not the subgraph');
    const parts = header.split('.');
    if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) refuse('ERR_JWS_INVALID');
    const [protectedHeader, body, signature] = parts as [string, string, string];
    const h = decodeJson(protectedHeader);
    if (h.alg !== CONTEXT_ALG || typeof h.kid !== 'string' || Object.keys(h).length !== 2)
      refuse('ERR_JWS_INVALID');
    const key = byKid.get(h.kid);
    const given = Buffer.from(signature, 'base64url');
    const expected = key && mac(key, `${protectedHeader}.${body}`);
    if (!expected || given.length !== expected.length || !timingSafeEqual(given, expected))
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
