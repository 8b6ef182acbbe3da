import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { generateKeyPairJwk } from '../keys/key-store';
import { DEMO_AUDIENCE, DEMO_ISSUER, type AuthConfig } from './auth-config';
import { mintToken, type MintOptions, type TokenClaims } from './mint';

/** An identity provider for tests: an Ed25519 key and an RSA key, both published in a JWKS file in `dir`. */
export interface TestIssuer {
  ed: { privateJwk: JWK; publicJwk: JWK };
  rsa: { privateKey: CryptoKey; publicKey: CryptoKey; publicJwk: JWK };
  jwksFile: string;
  config: AuthConfig;
  /** A token from the Ed25519 key, with the demo issuer and audience unless `opts` says otherwise. */
  token(claims: TokenClaims, opts?: Omit<MintOptions, 'privateJwk'>): Promise<string>;
}

export const ED_KID = 'idp-ed-1';
export const RSA_KID = 'idp-rsa-1';

export async function testIssuer(dir: string): Promise<TestIssuer> {
  const ed = await generateKeyPairJwk(ED_KID);
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const rsaPublicJwk: JWK = { ...(await exportJWK(publicKey)), kid: RSA_KID, alg: 'RS256', use: 'sig' };
  const jwksFile = path.join(dir, 'idp.jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [ed.publicJwk, rsaPublicJwk] }));
  return {
    ed,
    rsa: { privateKey, publicKey, publicJwk: rsaPublicJwk },
    jwksFile,
    config: {
      issuer: DEMO_ISSUER,
      audience: DEMO_AUDIENCE,
      algorithms: ['EdDSA', 'ES256', 'RS256'],
      jwksFile,
      clockToleranceSec: 30,
    },
    token: (claims, opts = {}) => mintToken(claims, { ...opts, privateJwk: ed.privateJwk }),
  };
}

/** Good claims for a token, with iat/exp around now; tests overwrite what they break. */
export function goodPayload(over: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: DEMO_ISSUER,
    aud: DEMO_AUDIENCE,
    sub: 'auditor-01',
    role: 'auditor',
    iat: now,
    exp: now + 600,
    ...over,
  };
}

/** Signs `payload` as given (no claims added) with any key and header, for hand-built hostile tokens. */
export function signRaw(
  payload: JWTPayload,
  header: { alg: string; kid?: string },
  key: CryptoKey | Uint8Array,
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader(header).sign(key);
}

/** base64url of a JSON value, for tokens built by hand (`alg: none`). */
export function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
