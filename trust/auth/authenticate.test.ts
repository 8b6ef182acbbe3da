import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt, importJWK } from 'jose';
import type { Actor } from '../actor';
import { generateKeyPairJwk } from '../keys/key-store';
import { DEMO_ISSUER } from './auth-config';
import { createAuthenticator, type Authenticator } from './authenticate';
import { mintToken, type TokenClaims } from './mint';
import { goodPayload, signRaw, testIssuer, type TestIssuer } from './test-support';

let dir: string;
let idp: TestIssuer;
let auth: Authenticator;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'auth-'));
  idp = await testIssuer(dir);
  auth = createAuthenticator(idp.config);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const now = () => Math.floor(Date.now() / 1000);

async function refusal(header: string | undefined): Promise<{ code: string; message: string }> {
  try {
    await auth.authenticate(header);
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('the token was accepted');
}

describe('authenticate: valid tokens', () => {
  const cases: [TokenClaims, Omit<Actor, 'issuer' | 'tokenId'>][] = [
    [
      { role: 'citizen', sub: '310107199003070017', person: '310107199003070017' },
      { id: '310107199003070017', role: 'CITIZEN', person: '310107199003070017', scopes: [] },
    ],
    [
      { role: 'company_agent', sub: 'agent-01', company: '91310107MA1FL3K2XE' },
      { id: 'agent-01', role: 'COMPANY_AGENT', company: '91310107MA1FL3K2XE', scopes: [] },
    ],
    [
      { role: 'officer', sub: 'officer-0042', department: 'service-center', window: 'A-07' },
      { id: 'officer-0042', role: 'OFFICER', department: 'service-center', window: 'A-07', scopes: [] },
    ],
    [
      { role: 'auditor', sub: 'auditor-01' },
      { id: 'auditor-01', role: 'AUDITOR', scopes: [] },
    ],
    [
      {
        role: 'service',
        sub: 'terminal-putuo-03',
        client_id: 'terminal-putuo-03',
        scope: 'certificate:verify digital-id:verify',
      },
      {
        id: 'terminal-putuo-03',
        role: 'SERVICE',
        client: 'terminal-putuo-03',
        scopes: ['certificate:verify', 'digital-id:verify'],
      },
    ],
  ];
  it.each(cases)('maps %j to its exact Actor', async (claims, actor) => {
    const token = await idp.token(claims);
    expect(await auth.authenticate(`Bearer ${token}`)).toStrictEqual({
      ...actor,
      issuer: DEMO_ISSUER,
      tokenId: decodeJwt(token).jti,
    });
  });

  it('accepts an RS256 token from the RSA key in the JWKS, and the scheme in any case', async () => {
    const token = await signRaw(
      goodPayload({ jti: 'j-1' }),
      { alg: 'RS256', kid: 'idp-rsa-1' },
      idp.rsa.privateKey,
    );
    expect(await auth.authenticate(`bearer ${token}`)).toStrictEqual({
      id: 'auditor-01',
      role: 'AUDITOR',
      scopes: [],
      issuer: DEMO_ISSUER,
      tokenId: 'j-1',
    });
  });

  it('accepts a token that expired within the clock tolerance (30 s)', async () => {
    const token = await idp.token(
      { role: 'auditor', sub: 'auditor-01' },
      { issuedAt: now() - 3610, ttlSeconds: 3600 },
    );
    await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ id: 'auditor-01' });
  });

  it('accepts a token living exactly 24 h', async () => {
    const token = await idp.token({ role: 'auditor', sub: 'auditor-01' }, { ttlSeconds: 86_400 });
    await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ id: 'auditor-01' });
  });
});

describe('authenticate: refusals', () => {
  const auditor: TokenClaims = { role: 'auditor', sub: 'auditor-01' };

  it('says UNAUTHENTICATED when there is no header', async () => {
    const expected = { code: 'UNAUTHENTICATED', message: 'send Authorization: Bearer <token>' };
    expect(await refusal(undefined)).toEqual(expected);
    expect(await refusal('  ')).toEqual(expected);
  });

  it.each([
    'Basic YWxpY2U6c2VjcmV0',
    'Bearer',
    'Bearer not-a-jwt',
    'Bearer a.b',
    'Bearer a.b.c.d',
    'Bearer a+b.c.d',
  ])('refuses %j as not a bearer JWT', async (header) => {
    expect(await refusal(header)).toEqual({
      code: 'TOKEN_INVALID',
      message: 'Authorization must be "Bearer <compact JWT>"',
    });
  });

  it('refuses a well-formed but meaningless token', async () => {
    expect(await refusal('Bearer aGVsbG8.d29ybGQ.c2ln')).toEqual({
      code: 'TOKEN_INVALID',
      message: 'token is malformed',
    });
  });

  it('refuses a header longer than any real token', async () => {
    expect(await refusal(`Bearer ${'a'.repeat(9000)}.b.c`)).toEqual({
      code: 'TOKEN_INVALID',
      message: 'token is too long',
    });
  });

  it('says TOKEN_EXPIRED for an expired token', async () => {
    const token = await idp.token(auditor, { issuedAt: now() - 7200, ttlSeconds: 3600 });
    expect(await refusal(`Bearer ${token}`)).toEqual({ code: 'TOKEN_EXPIRED', message: 'token has expired' });
  });

  it('says TOKEN_EXPIRED for a token not valid before a time in the future', async () => {
    const token = await idp.token(auditor, { notBefore: now() + 600 });
    expect(await refusal(`Bearer ${token}`)).toEqual({
      code: 'TOKEN_EXPIRED',
      message: 'token is not yet valid (nbf)',
    });
  });

  it('says TOKEN_EXPIRED for a token issued in the future (it would outlive its stated lifetime)', async () => {
    const token = await idp.token(auditor, { issuedAt: now() + 365 * 86_400 });
    expect(await refusal(`Bearer ${token}`)).toEqual({
      code: 'TOKEN_EXPIRED',
      message: 'token is issued in the future (iat)',
    });
  });

  it('refuses a token living longer than 24 h', async () => {
    const key = await importJWK(idp.ed.privateJwk, 'EdDSA');
    const iat = now();
    const token = await signRaw(
      goodPayload({ iat, exp: iat + 86_401 }),
      { alg: 'EdDSA', kid: 'idp-ed-1' },
      key,
    );
    expect(await refusal(`Bearer ${token}`)).toEqual({
      code: 'TOKEN_INVALID',
      message: 'token lifetime (exp - iat) exceeds 24 h',
    });
  });

  it('refuses a token without exp or iat', async () => {
    const key = await importJWK(idp.ed.privateJwk, 'EdDSA');
    const { exp: _exp, ...noExp } = goodPayload();
    const { iat: _iat, ...noIat } = goodPayload();
    const header = { alg: 'EdDSA', kid: 'idp-ed-1' };
    expect(await refusal(`Bearer ${await signRaw(noExp, header, key)}`)).toEqual({
      code: 'TOKEN_INVALID',
      message: 'token has no "exp" claim',
    });
    expect(await refusal(`Bearer ${await signRaw(noIat, header, key)}`)).toEqual({
      code: 'TOKEN_INVALID',
      message: 'token has no "iat" claim',
    });
  });

  it('refuses a token for another audience', async () => {
    const token = await idp.token(auditor, { audience: 'urn:some-other-api' });
    expect(await refusal(`Bearer ${token}`)).toEqual({
      code: 'TOKEN_INVALID',
      message: 'audience is not accepted',
    });
  });

  it('refuses a token from another issuer', async () => {
    const token = await idp.token(auditor, { issuer: 'https://evil.example' });
    expect(await refusal(`Bearer ${token}`)).toEqual({
      code: 'TOKEN_INVALID',
      message: 'issuer is not accepted',
    });
  });

  it.each<[TokenClaims, string]>([
    [
      { role: 'citizen', sub: 'c', person: '310107199003070018' },
      '"person" claim: "310107199003070018" is not a valid identity number: check digit is 8, expected 7',
    ],
    [
      { role: 'officer', sub: 'o', department: 'ministry-of-truth' },
      '"department" claim "ministry-of-truth" is not a department of this data layer',
    ],
    [{ role: 'service', sub: 's' }, 'a service token needs a "client_id" claim'],
    [
      { role: 'root' as never, sub: 'r' },
      'role "root" is not one of citizen, company_agent, officer, auditor, service',
    ],
    [{ role: 'auditor', sub: 'a', scope: 'audit:read *' }, 'scope "*" must be 1 to 64 of a-z, 0-9, : and -'],
  ])('refuses a well-signed token whose claims make no actor: %j', async (claims, message) => {
    expect(await refusal(`Bearer ${await idp.token(claims)}`)).toEqual({ code: 'TOKEN_INVALID', message });
  });
});

describe('createAuthenticator', () => {
  it('lists the key ids of its JWKS file', async () => {
    expect(await auth.kids()).toEqual(['idp-ed-1', 'idp-rsa-1']);
    expect(auth.usesDemoKeys()).toBe(false);
  });

  it('accepts the old and the new key while both are in the JWKS (rotation), and only the new one after', async () => {
    const [oldKey, newKey] = await Promise.all([
      generateKeyPairJwk('idp-2025-01'),
      generateKeyPairJwk('idp-2025-07'),
    ]);
    const jwksFile = path.join(dir, 'rotating.jwks.json');
    const claims: TokenClaims = { role: 'auditor', sub: 'auditor-01' };
    const oldToken = await mintToken(claims, { privateJwk: oldKey.privateJwk });
    const newToken = await mintToken(claims, { privateJwk: newKey.privateJwk });
    writeFileSync(jwksFile, JSON.stringify({ keys: [oldKey.publicJwk, newKey.publicJwk] }));
    const during = createAuthenticator({ ...idp.config, jwksFile });
    await expect(during.authenticate(`Bearer ${oldToken}`)).resolves.toMatchObject({ id: 'auditor-01' });
    await expect(during.authenticate(`Bearer ${newToken}`)).resolves.toMatchObject({ id: 'auditor-01' });
    writeFileSync(jwksFile, JSON.stringify({ keys: [newKey.publicJwk] }));
    const after = createAuthenticator({ ...idp.config, jwksFile });
    await expect(after.authenticate(`Bearer ${newToken}`)).resolves.toMatchObject({ id: 'auditor-01' });
    await expect(after.authenticate(`Bearer ${oldToken}`)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('tells when the JWKS file holds a demo key, and refuses it when told to', async () => {
    const demo = await generateKeyPairJwk('demo-issuer-1');
    const jwksFile = path.join(dir, 'demo.jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [demo.publicJwk] }));
    expect(createAuthenticator({ ...idp.config, jwksFile }).usesDemoKeys()).toBe(true);
    expect(() => createAuthenticator({ ...idp.config, jwksFile, refuseDemoKeys: true })).toThrow(
      `AUTH_JWKS_FILE ${jwksFile} holds demo keys (demo-issuer-1), which production refuses`,
    );
  });

  it('refuses, per token, a demo kid when demo keys are refused', async () => {
    const strict = createAuthenticator({ ...idp.config, refuseDemoKeys: true });
    const demo = await generateKeyPairJwk('demo-issuer-1');
    const token = await signRaw(
      goodPayload(),
      { alg: 'EdDSA', kid: 'demo-issuer-1' },
      await importJWK(demo.privateJwk),
    );
    await expect(strict.authenticate(`Bearer ${token}`)).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
      message: 'demo keys are refused',
    });
  });

  it('refuses a bad config and a missing JWKS file at construction', () => {
    expect(() => createAuthenticator({ ...idp.config, algorithms: ['HS256'] })).toThrow(
      'AUTH_ALGORITHMS must not include HS256',
    );
    const missing = path.join(dir, 'missing.json');
    expect(() => createAuthenticator({ ...idp.config, jwksFile: missing })).toThrow(
      `JWKS file ${missing} cannot be read (ENOENT)`,
    );
  });
});

describe('authenticate: tokens already verified', () => {
  afterEach(() => jest.useRealTimers());

  it('takes a verified token again without a new signature check, and never past its expiry', async () => {
    const fresh = createAuthenticator(idp.config);
    const token = await idp.token({ role: 'auditor', sub: 'auditor-cache' }, { ttlSeconds: 30 });
    const first = await fresh.authenticate(`Bearer ${token}`);
    // The same Actor object: a new verification would have built a new one.
    expect(await fresh.authenticate(`Bearer ${token}`)).toBe(first);
    jest.useFakeTimers({
      now: Date.now() + 30_000 + (idp.config.clockToleranceSec + 1) * 1000,
      doNotFake: ['nextTick', 'setImmediate'],
    });
    await expect(fresh.authenticate(`Bearer ${token}`)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });
});
