import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import { DEMO_AUDIENCE, DEMO_ISSUER } from './auth-config';
import type { TokenRole } from './claims';

/** The claims of a token, as the identity provider puts them (see README.md for each role's). */
export interface TokenClaims {
  role: TokenRole;
  sub: string;
  person?: string;
  company?: string;
  department?: string;
  window?: string;
  client_id?: string;
  /** Space-separated scopes, e.g. `certificate:verify digital-id:verify`. */
  scope?: string;
}

export interface MintOptions {
  /** The Ed25519 private JWK to sign with; its `kid` goes into the header. */
  privateJwk: JWK;
  /** @default 'urn:one-window:demo-idp' */
  issuer?: string;
  /** @default 'urn:one-window:data-layer' */
  audience?: string;
  /** Seconds from `iat` to `exp`; at most 86 400 (24 h), the longest the data layer accepts. @default 3600 */
  ttlSeconds?: number;
  /** `iat` in seconds since the epoch, for tokens issued in the past. @default now */
  issuedAt?: number;
  /** `nbf` in seconds since the epoch. @default none */
  notBefore?: number;
}

/** Longest ttlSeconds accepted, in seconds (24 h). */
const MAX_TTL_SEC = 86_400;

/**
 * Signs a token the way the demo identity provider would: EdDSA, `kid` from the key, a random `jti`.
 * It does not check the claims (tests mint bad ones on purpose); the token CLI checks them first.
 */
export async function mintToken(claims: TokenClaims, opts: MintOptions): Promise<string> {
  const ttl = opts.ttlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SEC)
    throw new Error(`ttlSeconds must be a whole number from 1 to ${MAX_TTL_SEC}: ${ttl}`);
  const { kid } = opts.privateJwk;
  if (!kid) throw new Error('privateJwk has no "kid"');
  const key = await importJWK(opts.privateJwk, 'EdDSA');
  const iat = opts.issuedAt ?? Math.floor(Date.now() / 1000);
  const { sub, ...rest } = claims;
  const payload = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(opts.issuer ?? DEMO_ISSUER)
    .setAudience(opts.audience ?? DEMO_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setJti(randomUUID());
  if (opts.notBefore !== undefined) jwt.setNotBefore(opts.notBefore);
  return jwt.sign(key);
}
