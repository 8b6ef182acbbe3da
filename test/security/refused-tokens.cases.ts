import { base64url, importJWK } from 'jose';
import { GOLDEN as G } from '../../mocks/data/golden';
import { DEMO_AUDIENCE, DEMO_ISSUER } from '../../trust/auth/auth-config';
import { mintToken, type TokenClaims } from '../../trust/auth/mint';
import { b64json, signRaw } from '../../trust/auth/test-support';
import { generateKeyPairJwk } from '../../trust/keys/key-store';
import type { Stack } from '../helpers/stack';
import { TEST_OFFICER, TEST_PURPOSE } from '../helpers/trust';
import { PERSON_QUERY } from './expected-read';

/** The test-only officer's claims as a raw payload: a token that, were it accepted, reads everything. */
function officerPayload(over: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  const { sub, ...claims } = TEST_OFFICER;
  return { iss: DEMO_ISSUER, aud: DEMO_AUDIENCE, sub, ...claims, iat: now, exp: now + 600, ...over };
}

/** The ISO time of the first millisecond after now (waits for it: at most 1 ms). */
async function nextMillisecond(): Promise<string> {
  const now = Date.now();
  while (Date.now() === now) await new Promise((resolve) => setImmediate(resolve));
  return new Date(now + 1).toISOString();
}

/**
 * Tokens the gateway must refuse, through HTTP: the status and code, no data, and no
 * department or legacy system asked (the audit trail gained no read, the mocks counted nothing).
 * trust/auth's unit tests cover each case in depth; this proves the gateway applies them.
 */
export function describeRefusedTokens(stack: () => Stack): void {
  describe('tokens refused at the gateway', () => {
    const kid = () => stack().trust.issuerKey.kid!;
    const mint = (
      opts: { issuer?: string; audience?: string; issuedAt?: number } = {},
      claims: TokenClaims = TEST_OFFICER,
    ) => mintToken(claims, { privateJwk: stack().trust.issuerKey, ttlSeconds: 600, ...opts });

    const cases: [string, string, string, () => Promise<string | null>][] = [
      ['no token', 'UNAUTHENTICATED', 'send Authorization: Bearer <token>', async () => null],
      [
        'a token signed by another key under the identity provider’s kid (forged signature)',
        'TOKEN_INVALID',
        'signature does not verify',
        async () => {
          const forger = await generateKeyPairJwk(kid());
          return signRaw(
            officerPayload(),
            { alg: 'EdDSA', kid: kid() },
            await importJWK(forger.privateJwk, 'EdDSA'),
          );
        },
      ],
      [
        'a genuine citizen token edited into an officer’s',
        'TOKEN_INVALID',
        'signature does not verify',
        async () => {
          const [header, , signature] = (
            await mint({}, { role: 'citizen', sub: 'c-1', person: G.zhangWei })
          ).split('.');
          return `${header}.${b64json(officerPayload())}.${signature}`;
        },
      ],
      [
        'a wrong issuer',
        'TOKEN_INVALID',
        'issuer is not accepted',
        () => mint({ issuer: 'urn:someone-else:idp' }),
      ],
      [
        'a wrong audience',
        'TOKEN_INVALID',
        'audience is not accepted',
        () => mint({ audience: 'urn:another:api' }),
      ],
      [
        'alg: none',
        'TOKEN_INVALID',
        'algorithm not allowed',
        async () => `${b64json({ alg: 'none', typ: 'JWT', kid: kid() })}.${b64json(officerPayload())}.`,
      ],
      [
        'HS256 keyed with the public key’s bytes (algorithm confusion)',
        'TOKEN_INVALID',
        'algorithm not allowed',
        async () =>
          signRaw(
            officerPayload(),
            { alg: 'HS256', kid: kid() },
            base64url.decode(stack().trust.issuerKey.x!),
          ),
      ],
      [
        'HS256 keyed with the public JWK as text (algorithm confusion)',
        'TOKEN_INVALID',
        'algorithm not allowed',
        async () => {
          const { d: _private, ...publicJwk } = stack().trust.issuerKey;
          return signRaw(
            officerPayload(),
            { alg: 'HS256', kid: kid() },
            new TextEncoder().encode(JSON.stringify(publicJwk)),
          );
        },
      ],
      [
        'an expired token',
        'TOKEN_EXPIRED',
        'token has expired',
        () => mint({ issuedAt: Math.floor(Date.now() / 1000) - 3_600 }),
      ],
    ];

    it.each(cases)('refuses %s: 401 %s, asking no department', async (_name, code, message, token) => {
      // The trail's times are in milliseconds and `from` is inclusive: the previous test's last
      // record can share this millisecond, so start at the next one.
      const from = await nextMillisecond();
      stack().resetCounters();
      const reply = await stack().query(PERSON_QUERY, { id: G.zhangWei }, 'counter', {
        token: await token(),
        purpose: TEST_PURPOSE,
      });
      expect(reply).toEqual({ status: 401, body: { errors: [{ message, extensions: { code } }] } });
      expect(stack().legacyRequests()).toEqual({
        'public-security': 0,
        'market-supervision': 0,
        health: 0,
        housing: 0,
        tax: 0,
        'human-resources': 0,
        'big-data-center': 0,
      });
      expect(await stack().audit.query({ from, limit: 10 })).toEqual([]);
    });
  });
}
