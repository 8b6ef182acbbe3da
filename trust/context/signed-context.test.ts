import { createPrivateKey, sign as edSign } from 'node:crypto';
import { generateKeyPairJwk } from '../keys/key-store';
import { bodyHash, contextSigner, contextVerifier } from './signed-context';
import type { TrustContext } from './trust-context';

const trust: TrustContext = {
  actor: { id: 'officer-1', role: 'OFFICER', department: 'health', scopes: [], issuer: 'idp' },
  channel: 'counter',
  purpose: { kind: 'case', caseId: 'C2026112000001' },
  traceId: 'a'.repeat(32),
  subjects: { persons: ['310107199003070017'], companies: [] },
};
const query = 'query { person(id: "310107199003070017") { name } }';

describe('signed context', () => {
  let sign: Awaited<ReturnType<typeof contextSigner>>;
  let verify: ReturnType<typeof contextVerifier>;
  let forger: Awaited<ReturnType<typeof contextSigner>>;
  beforeAll(async () => {
    const real = await generateKeyPairJwk('ctx-1');
    const other = await generateKeyPairJwk('ctx-1');
    sign = await contextSigner(real.privateJwk);
    forger = await contextSigner(other.privateJwk);
    verify = contextVerifier({ keys: [real.publicJwk] }, 'health');
  });

  it('round-trips the context for the subgraph and operation it was signed for', async () => {
    const token = await sign(trust, 'health', bodyHash(query, { a: 1 }), 5);
    await expect(verify(token, bodyHash(query, { a: 1 }))).resolves.toEqual(trust);
  });

  it.each([
    ['no header', async () => undefined, bodyHash(query, null), 'no signed context'],
    [
      'another subgraph',
      () => sign(trust, 'tax', bodyHash(query, null), 5),
      bodyHash(query, null),
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
    ],
    [
      'other variables',
      () => sign(trust, 'health', bodyHash(query, { a: 1 }), 5),
      bodyHash(query, { a: 2 }),
      'another operation',
    ],
    [
      'another query',
      () => sign(trust, 'health', bodyHash(query, null), 5),
      bodyHash('{ __typename }', null),
      'another operation',
    ],
    [
      'a forged key with the same kid',
      () => forger(trust, 'health', bodyHash(query, null), 5),
      bodyHash(query, null),
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    ],
    ['garbage', async () => 'not.a.jws', bodyHash(query, null), 'refused'],
  ])('refuses %s with CONTEXT_REQUIRED', async (_name, make, hash, message) => {
    const token = await make();
    await expect(verify(token, hash)).rejects.toMatchObject({
      code: 'CONTEXT_REQUIRED',
      message: expect.stringContaining(message),
    });
  });

  it('refuses an expired context', async () => {
    jest.useFakeTimers({ now: Date.now() - 120_000, doNotFake: ['nextTick', 'setImmediate'] });
    const token = await sign(trust, 'health', bodyHash(query, null), 30);
    jest.useRealTimers();
    await expect(verify(token, bodyHash(query, null))).rejects.toMatchObject({
      code: 'CONTEXT_REQUIRED',
      message: 'signed context refused (ERR_JWT_EXPIRED)',
    });
  });

  describe('refuses every token form the signer does not write', () => {
    let privateJwk: Awaited<ReturnType<typeof generateKeyPairJwk>>['privateJwk'];
    beforeAll(async () => {
      ({ privateJwk } = await generateKeyPairJwk('ctx-2'));
      verify = contextVerifier({ keys: [{ ...privateJwk, d: undefined }] }, 'health');
    });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    /** A token signed with the real key over any header and payload. */
    const forge = (header: object, payload: object) => {
      const input = `${b64(header)}.${b64(payload)}`;
      const key = createPrivateKey({ key: privateJwk as never, format: 'jwk' });
      return `${input}.${edSign(null, Buffer.from(input), key).toString('base64url')}`;
    };
    const now = () => Math.floor(Date.now() / 1000);
    const good = () => ({
      ctx: trust,
      bh: bodyHash(query, null),
      iss: 'urn:one-window:gateway',
      aud: 'health',
      iat: now(),
      exp: now() + 10,
    });

    it('accepts the form it writes (the forger is right)', async () => {
      await expect(
        verify(forge({ alg: 'EdDSA', kid: 'ctx-2' }, good()), bodyHash(query, null)),
      ).resolves.toEqual(trust);
    });

    it.each([
      ['alg none', { alg: 'none', kid: 'ctx-2' }, {}, 'ERR_JWS_INVALID'],
      ['alg HS256', { alg: 'HS256', kid: 'ctx-2' }, {}, 'ERR_JWS_INVALID'],
      ['an extra header (crit)', { alg: 'EdDSA', kid: 'ctx-2', crit: ['b64'] }, {}, 'ERR_JWS_INVALID'],
      ['an unknown kid', { alg: 'EdDSA', kid: 'ctx-9' }, {}, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
      [
        'another issuer',
        { alg: 'EdDSA', kid: 'ctx-2' },
        { iss: 'someone' },
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
      ],
      [
        'an audience list',
        { alg: 'EdDSA', kid: 'ctx-2' },
        { aud: ['health'] },
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
      ],
      [
        'iat a minute ahead',
        { alg: 'EdDSA', kid: 'ctx-2' },
        { iat: now() + 60 },
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
      ],
      ['no exp', { alg: 'EdDSA', kid: 'ctx-2' }, { exp: undefined }, 'ERR_JWT_EXPIRED'],
    ])('%s', async (_name, header, change, why) => {
      await expect(
        verify(forge(header, { ...good(), ...change }), bodyHash(query, null)),
      ).rejects.toMatchObject({
        code: 'CONTEXT_REQUIRED',
        message: `signed context refused (${why})`,
      });
    });

    it('refuses a payload that is not a JSON object, and a signature cut short', async () => {
      const token = forge({ alg: 'EdDSA', kid: 'ctx-2' }, good());
      const [h, , sig] = token.split('.');
      await expect(
        verify(`${h}.${Buffer.from('[1]').toString('base64url')}.${sig}`, 'x'),
      ).rejects.toMatchObject({
        message: 'signed context refused (ERR_JWS_SIGNATURE_VERIFICATION_FAILED)',
      });
      await expect(verify(token.slice(0, -8), bodyHash(query, null))).rejects.toMatchObject({
        message: 'signed context refused (ERR_JWS_SIGNATURE_VERIFICATION_FAILED)',
      });
    });

    it('will not start with a private key or a key of another curve in the JWKS', () => {
      expect(() => contextVerifier({ keys: [privateJwk] }, 'health')).toThrow(
        'every key of the context JWKS must be a public Ed25519 JWK with a kid',
      );
      expect(() => contextVerifier({ keys: [{ kty: 'EC', crv: 'P-256', kid: 'x' }] }, 'health')).toThrow(
        'public Ed25519 JWK',
      );
    });
  });
});
