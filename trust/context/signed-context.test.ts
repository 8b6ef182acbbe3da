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
});
