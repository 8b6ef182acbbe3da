import { createHmac } from 'node:crypto';
import { generateKeyPairJwk } from '../keys/key-store';
import { deriveContextKey, generateContextSecret } from './context-keys';
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
    const real = generateContextSecret('ctx-1');
    sign = await contextSigner(real);
    forger = await contextSigner(generateContextSecret('ctx-1'));
    verify = contextVerifier({ keys: [deriveContextKey(real, 'health')] }, 'health');
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
      // MACed with tax's key, which health does not hold
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
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
    [
      'a signature of another length',
      async () => `${(await sign(trust, 'health', bodyHash(query, null), 5)).slice(0, -4)}`,
      bodyHash(query, null),
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    ],
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
    const secret = generateContextSecret('ctx-2');
    const healthKey = deriveContextKey(secret, 'health');
    beforeAll(() => {
      verify = contextVerifier({ keys: [healthKey] }, 'health');
    });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    /** A token MACed with a key (health's real one unless told) over any header and payload. */
    const forge = (header: object, payload: object, key = healthKey) => {
      const input = `${b64(header)}.${b64(payload)}`;
      return `${input}.${createHmac('sha256', Buffer.from(key.k!, 'base64url')).update(input).digest('base64url')}`;
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
        verify(forge({ alg: 'HS256', kid: 'ctx-2' }, good()), bodyHash(query, null)),
      ).resolves.toEqual(trust);
    });

    it("refuses a context for this subgraph MACed with another subgraph's key (a stolen tax key opens no other department)", async () => {
      const taxKey = deriveContextKey(secret, 'tax');
      await expect(
        verify(forge({ alg: 'HS256', kid: 'ctx-2' }, good(), taxKey), bodyHash(query, null)),
      ).rejects.toMatchObject({
        code: 'CONTEXT_REQUIRED',
        message: 'signed context refused (ERR_JWS_SIGNATURE_VERIFICATION_FAILED)',
      });
    });

    it.each([
      ['alg none', { alg: 'none', kid: 'ctx-2' }, {}, 'ERR_JWS_INVALID'],
      ['alg EdDSA (the signed form before HS256)', { alg: 'EdDSA', kid: 'ctx-2' }, {}, 'ERR_JWS_INVALID'],
      ['alg HS512', { alg: 'HS512', kid: 'ctx-2' }, {}, 'ERR_JWS_INVALID'],
      ['an extra header (crit)', { alg: 'HS256', kid: 'ctx-2', crit: ['b64'] }, {}, 'ERR_JWS_INVALID'],
      ['an unknown kid', { alg: 'HS256', kid: 'ctx-9' }, {}, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
      [
        "another audience (MACed with this subgraph's key)",
        { alg: 'HS256', kid: 'ctx-2' },
        { aud: 'tax' },
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
      ],
      [
        'another issuer',
        { alg: 'HS256', kid: 'ctx-2' },
        { iss: 'someone' },
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
      ],
      [
        'an audience list',
        { alg: 'HS256', kid: 'ctx-2' },
        { aud: ['health'] },
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
      ],
      [
        'iat a minute ahead',
        { alg: 'HS256', kid: 'ctx-2' },
        { iat: now() + 60 },
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
      ],
      ['no exp', { alg: 'HS256', kid: 'ctx-2' }, { exp: undefined }, 'ERR_JWT_EXPIRED'],
    ])('%s', async (_name, header, change, why) => {
      await expect(
        verify(forge(header, { ...good(), ...change }), bodyHash(query, null)),
      ).rejects.toMatchObject({
        code: 'CONTEXT_REQUIRED',
        message: `signed context refused (${why})`,
      });
    });

    it('refuses a payload that is not a JSON object, and a signature cut short', async () => {
      const token = forge({ alg: 'HS256', kid: 'ctx-2' }, good());
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

    it("will start only with this subgraph's context keys", async () => {
      const refusal = (keys: object[]) => () => contextVerifier({ keys } as never, 'health');
      expect(refusal([deriveContextKey(secret, 'tax')])).toThrow(
        `context key ctx-2 is subgraph "tax"'s, not "health"'s: make this subgraph's with npm run context-key -- --subgraph health`,
      );
      expect(refusal([secret])).toThrow(`context key ctx-2 is no subgraph's, not "health"'s`);
      expect(refusal([healthKey, healthKey])).toThrow('context key ctx-2 appears twice');
      expect(refusal([{ ...healthKey, k: Buffer.alloc(16).toString('base64url') }])).toThrow(
        'every key of the context key set (kid ctx-2) is 16 bytes; a context key needs 32',
      );
      expect(refusal([{ ...healthKey, alg: 'HS512' }])).toThrow('must have alg "HS256"');
      const { publicJwk } = await generateKeyPairJwk('ctx-ed');
      expect(refusal([publicJwk])).toThrow('must be a symmetric JWK (kty "oct" with "k")');
    });

    it('will not sign with an Ed25519 key, the context key before HS256', async () => {
      const { privateJwk } = await generateKeyPairJwk('ctx-ed');
      await expect(contextSigner(privateJwk)).rejects.toThrow(
        'the context-signing key must be a symmetric JWK (kty "oct" with "k"); run npm run context-key -- --help',
      );
    });
  });
});
