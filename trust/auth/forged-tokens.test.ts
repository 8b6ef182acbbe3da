import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { base64url, exportSPKI, generateKeyPair, importJWK } from 'jose';
import { generateKeyPairJwk } from '../keys/key-store';
import { createAuthenticator, type Authenticator } from './authenticate';
import { b64json, ED_KID, goodPayload, RSA_KID, signRaw, testIssuer, type TestIssuer } from './test-support';

let dir: string;
let idp: TestIssuer;
let auth: Authenticator;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'forged-'));
  idp = await testIssuer(dir);
  // RS256 is allowed, so confusion attacks meet an RSA key in the JWKS, as they would in production.
  auth = createAuthenticator(idp.config);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(token: string): Promise<{ code: string; message: string }> {
  try {
    await auth.authenticate(`Bearer ${token}`);
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('the forged token was accepted');
}

const invalid = (message: string) => ({ code: 'TOKEN_INVALID', message });

describe('forged tokens', () => {
  it('refuses a token signed by another Ed25519 key that claims the same kid', async () => {
    const forger = await generateKeyPairJwk(ED_KID);
    const token = await signRaw(
      goodPayload(),
      { alg: 'EdDSA', kid: ED_KID },
      await importJWK(forger.privateJwk),
    );
    expect(await refusal(token)).toEqual(invalid('signature does not verify'));
  });

  it('refuses a token whose kid is not in the JWKS', async () => {
    const other = await generateKeyPairJwk('idp-ed-9');
    const token = await signRaw(
      goodPayload(),
      { alg: 'EdDSA', kid: 'idp-ed-9' },
      await importJWK(other.privateJwk),
    );
    expect(await refusal(token)).toEqual(invalid("no key matches the token's kid and algorithm"));
  });

  it('refuses a genuine token whose payload was edited', async () => {
    const [h, , s] = (await idp.token({ role: 'auditor', sub: 'auditor-01' })).split('.');
    const edited = b64json(goodPayload({ role: 'officer', department: 'health' }));
    expect(await refusal(`${h}.${edited}.${s}`)).toEqual(invalid('signature does not verify'));
  });

  it('refuses an unsigned token (alg: none), with or without a signature part', async () => {
    const unsigned = `${b64json({ alg: 'none', typ: 'JWT' })}.${b64json(goodPayload())}`;
    expect(await refusal(`${unsigned}.`)).toEqual(invalid('algorithm not allowed'));
    expect(await refusal(`${unsigned}.${base64url.encode('x')}`)).toEqual(invalid('algorithm not allowed'));
    const noneWithKid = `${b64json({ alg: 'none', kid: ED_KID })}.${b64json(goodPayload())}.`;
    expect(await refusal(noneWithKid)).toEqual(invalid('algorithm not allowed'));
  });

  it("refuses HS256 tokens keyed with the Ed25519 public key's bytes or its JWK (algorithm confusion)", async () => {
    const secrets = [
      base64url.decode(idp.ed.publicJwk.x!),
      new TextEncoder().encode(JSON.stringify(idp.ed.publicJwk)),
    ];
    for (const secret of secrets) {
      const token = await signRaw(goodPayload(), { alg: 'HS256', kid: ED_KID }, secret);
      expect(await refusal(token)).toEqual(invalid('algorithm not allowed'));
    }
  });

  it('refuses HS256 tokens keyed with the RSA public key as PEM or JWK (RS/HS confusion)', async () => {
    const pem = await exportSPKI(idp.rsa.publicKey);
    const secrets = [pem, pem.trim(), JSON.stringify(idp.rsa.publicJwk)].map((s) =>
      new TextEncoder().encode(s),
    );
    for (const secret of secrets) {
      for (const alg of ['HS256', 'HS384', 'HS512']) {
        const token = await signRaw(goodPayload(), { alg, kid: RSA_KID }, secret);
        expect(await refusal(token)).toEqual(invalid('algorithm not allowed'));
      }
    }
  });

  it('refuses an RS256 token signed by an RSA key outside the JWKS, whatever kid it names', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const withOurKid = await signRaw(goodPayload(), { alg: 'RS256', kid: RSA_KID }, privateKey);
    expect(await refusal(withOurKid)).toEqual(invalid('signature does not verify'));
    const withItsKid = await signRaw(goodPayload(), { alg: 'RS256', kid: 'attacker-1' }, privateKey);
    expect(await refusal(withItsKid)).toEqual(invalid("no key matches the token's kid and algorithm"));
  });

  it('refuses a token that names the Ed25519 key but an algorithm that key is not for', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await signRaw(goodPayload(), { alg: 'RS256', kid: ED_KID }, privateKey);
    expect(await refusal(token)).toEqual(invalid("no key matches the token's kid and algorithm"));
  });

  it('refuses an allowed algorithm the JWKS holds no key for (ES256)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await signRaw(goodPayload(), { alg: 'ES256', kid: ED_KID }, privateKey);
    expect(await refusal(token)).toEqual(invalid("no key matches the token's kid and algorithm"));
  });

  it('refuses an asymmetric algorithm outside the allow-list (PS256) before looking for a key', async () => {
    const { privateKey } = await generateKeyPair('PS256');
    const token = await signRaw(goodPayload(), { alg: 'PS256', kid: RSA_KID }, privateKey);
    expect(await refusal(token)).toEqual(invalid('algorithm not allowed'));
  });
});
