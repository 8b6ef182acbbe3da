import { createSecretKey } from 'node:crypto';
import { deriveEd25519 } from '../../mocks/big-data-center/issuer-keys';
import {
  DEFAULT_SUISHENMA_KEY_SEED,
  SuishenmaIssuer,
  SUISHENMA_KEY_ID,
} from '../../mocks/big-data-center/suishenma';
import {
  DEMO_SUISHENMA_VERIFIER_KEY,
  parseVerifierKey,
} from '../../mocks/big-data-center/suishenma-verifier-key';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import { asyncRatePerSecond, decryptCode, ratePerSecond, verifyOpened } from './scan-storm-crypto';

const verifierKey = createSecretKey(Buffer.from(DEMO_SUISHENMA_VERIFIER_KEY, 'base64url'));
const signingKey = deriveEd25519(DEFAULT_SUISHENMA_KEY_SEED, `suishenma:${SUISHENMA_KEY_ID}`).publicKey;

async function mockCode(): Promise<string> {
  const issuer = new SuishenmaIssuer(loadWorld({ people: 20 }), {
    ttlSeconds: 60,
    now: Date.now,
    verifierKey: parseVerifierKey(DEMO_SUISHENMA_VERIFIER_KEY, 'key'),
  });
  return (await issuer.issue({ holder: { type: 'PERSON', id: GOLDEN.zhangWei } }))!.code;
}

describe('scan storm raw crypto', () => {
  it("opens a mock code with node:crypto alone and verifies its signature under the mock's key", async () => {
    const opened = decryptCode(await mockCode(), verifierKey);
    expect(opened.signature).toHaveLength(64);
    expect(verifyOpened(opened, signingKey)).toBe(true);
    const tampered = Buffer.from(opened.signingInput);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 1, tampered.length - 1);
    expect(verifyOpened({ ...opened, signingInput: tampered }, signingKey)).toBe(false);
  });

  it('refuses a code whose tag does not match', async () => {
    const parts = (await mockCode()).split('.');
    parts[4] = 'A'.repeat(22);
    expect(() => decryptCode(parts.join('.'), verifierKey)).toThrow();
  });

  it('counts calls per second, sync and async', async () => {
    let calls = 0;
    const rate = ratePerSecond(() => calls++, 20);
    expect(calls).toBeGreaterThan(0);
    expect(Number.isFinite(rate) && rate > 0).toBe(true);
    const asyncRate = await asyncRatePerSecond(async () => calls++, 20);
    expect(Number.isFinite(asyncRate) && asyncRate > 0).toBe(true);
  });
});
