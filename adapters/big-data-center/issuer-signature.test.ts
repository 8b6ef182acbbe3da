import { createPublicKey, verify } from 'node:crypto';
import { newAdapterContext } from '../kit/operation';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import {
  canonicalCertificatePayload,
  createBigDataCenterAdapter,
  issuerSignatureValid,
  type BigDataCenterAdapter,
  type Certificate,
} from './index';

let mock: MockHandle;
let adapter: BigDataCenterAdapter;

beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 50 }),
    baseLatencyMs: 0,
  });
  adapter = createBigDataCenterAdapter({ url: mock.url });
});
afterAll(async () => {
  await adapter.close();
  await mock.close();
});

describe('issuer signature', () => {
  it('verifies with the public key the issuer publishes (node:crypto verify)', async () => {
    const ctx = newAdapterContext();
    const cert = (await adapter.certificate(ctx, 'MS-BL-' + GOLDEN.restaurant))!;
    const key = (await adapter.issuerPublicKey(ctx, cert.issuerCode))!;
    expect(key.algorithm).toBe('Ed25519');
    const ok = verify(
      null,
      canonicalCertificatePayload(cert),
      createPublicKey(key.publicKeyPem),
      Buffer.from(cert.issuerSignature, 'base64'),
    );
    expect(ok).toBe(true);
  });

  it("verifies every one of Zhang Wei's certificates under its own issuer's key", async () => {
    const ctx = newAdapterContext();
    const certs = await adapter.certificatesByHolder(ctx, { type: 'PERSON', id: GOLDEN.zhangWei });
    const results = await Promise.all(
      certs.map(async (c) =>
        issuerSignatureValid(c, (await adapter.issuerPublicKey(ctx, c.issuerCode))!.publicKeyPem),
      ),
    );
    expect(results).toEqual([true, true, true, true, true, true]);
  });

  it('fails for a changed field or under another issuer key', async () => {
    const ctx = newAdapterContext();
    const cert = (await adapter.certificate(ctx, 'MS-BL-' + GOLDEN.restaurant))!;
    const own = (await adapter.issuerPublicKey(ctx, 'market-supervision'))!.publicKeyPem;
    const other = (await adapter.issuerPublicKey(ctx, 'tax'))!.publicKeyPem;
    const revoked: Certificate = { ...cert, status: 'REVOKED' };
    expect([
      issuerSignatureValid({ ...cert, validUntil: '2099-12-31' }, own),
      issuerSignatureValid(cert, other),
      issuerSignatureValid(revoked, own),
    ]).toEqual([false, false, true]);
  });

  it('gives null for an issuer the platform does not know', async () => {
    expect(await adapter.issuerPublicKey(newAdapterContext(), 'ministry-of-magic')).toBeNull();
  });
});
