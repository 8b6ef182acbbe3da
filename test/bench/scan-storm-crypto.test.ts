import { mockSuishenmaCode as mockCode } from './mock-suishenma-code';
import {
  asyncRatePerSecond,
  decryptCode,
  demoSuishenmaKeys,
  ratePerSecond,
  verifyOpened,
} from './scan-storm-crypto';

const { verifierKey, signingKey } = demoSuishenmaKeys();

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
