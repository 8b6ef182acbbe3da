import { decodeJwt, decodeProtectedHeader } from 'jose';
import { generateKeyPairJwk } from '../keys/key-store';
import { mintToken } from './mint';

describe('mintToken', () => {
  it('signs EdDSA with the key id in the header, the demo issuer and audience, and a random jti', async () => {
    const { privateJwk } = await generateKeyPairJwk('idp-1');
    const opts = { privateJwk, issuedAt: 1_800_000_000, ttlSeconds: 600 };
    const claims = { role: 'officer', sub: 'officer-0042', department: 'health', window: undefined } as const;
    const [a, b] = await Promise.all([mintToken(claims, opts), mintToken(claims, opts)]);
    expect(decodeProtectedHeader(a)).toEqual({ alg: 'EdDSA', kid: 'idp-1', typ: 'JWT' });
    const { jti, ...rest } = decodeJwt(a);
    expect(rest).toEqual({
      role: 'officer',
      sub: 'officer-0042',
      department: 'health',
      iss: 'urn:one-window:demo-idp',
      aud: 'urn:one-window:data-layer',
      iat: 1_800_000_000,
      exp: 1_800_000_600,
    });
    expect(jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(decodeJwt(b).jti).not.toBe(jti);
  });

  it('refuses a lifetime outside 1 s to 24 h and a key without kid', async () => {
    const { privateJwk } = await generateKeyPairJwk('idp-1');
    const claims = { role: 'auditor', sub: 'a' } as const;
    await expect(mintToken(claims, { privateJwk, ttlSeconds: 86_401 })).rejects.toThrow(
      'ttlSeconds must be a whole number from 1 to 86400: 86401',
    );
    await expect(mintToken(claims, { privateJwk, ttlSeconds: 0 })).rejects.toThrow(
      'ttlSeconds must be a whole number from 1 to 86400: 0',
    );
    const { kid: _kid, ...noKid } = privateJwk;
    await expect(mintToken(claims, { privateJwk: noKid })).rejects.toThrow('privateJwk has no "kid"');
  });
});
