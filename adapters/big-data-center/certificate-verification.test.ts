import { MemoryCache } from '../kit/cache';
import { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import { decodeCertificateDocument, encodeCertificateDocument } from './certificate-document';
import { createBigDataCenterAdapter, type BigDataCenterAdapter, type VerifyCertificateInput } from './index';

const NOV_26 = Date.parse('2026-11-26T06:00:00Z');
let clock = NOV_26;
let mock: MockHandle;
let adapter: BigDataCenterAdapter;

beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 50 }),
    baseLatencyMs: 0,
  });
  adapter = createBigDataCenterAdapter({ url: mock.url, cache: new MemoryCache(), now: () => clock });
});
afterAll(async () => {
  await adapter.close();
  await mock.close();
});
beforeEach(() => {
  clock = NOV_26;
  mock.controller.resetCounts();
});

const BL = 'MS-BL-' + GOLDEN.restaurant;
const verify = async (input: VerifyCertificateInput) => {
  const r = await adapter.verifyCertificate(newAdapterContext(), input);
  return { valid: r.valid, reasons: r.reasons, id: r.certificate?.id ?? null, checkedAt: r.checkedAt };
};
const reasons = async (input: VerifyCertificateInput) => (await verify(input)).reasons;

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof DataLayerError ? e.code : String(e);
  }
}

describe('verifyCertificate', () => {
  it('accepts a valid certificate by id, checked at the injected clock', async () => {
    expect(await verify({ id: BL })).toEqual({
      valid: true,
      reasons: [],
      id: BL,
      checkedAt: '2026-11-26T06:00:00.000Z',
    });
  });

  it('finds a certificate by its printed verification code, typed loosely', async () => {
    expect(await verify({ verificationCode: '3xha t4v6 g4' })).toMatchObject({ valid: true, id: BL });
    expect(await verify({ verificationCode: '3XHA-T4V6-G5' })).toEqual({
      valid: false,
      reasons: ['UNKNOWN_CERTIFICATE'],
      id: null,
      checkedAt: '2026-11-26T06:00:00.000Z',
    });
  });

  it('tells expired, not yet valid, revoked and unknown certificates apart', async () => {
    const issued = await adapter.issueCertificate(newAdapterContext(), {
      type: 'HEALTH_CERTIFICATE',
      title: '食品从业人员健康证明',
      issuerCode: 'health',
      holderType: 'PERSON',
      holderId: GOLDEN.zhangWei,
      validFrom: '2026-11-01',
      validUntil: '2027-10-31',
      requestId: 'VERIFY-revoke-1',
    });
    await adapter.revokeCertificate(newAdapterContext(), issued.id, '持证人离职', 'VERIFY-revoke-2');
    expect(await reasons({ id: 'HL-PPH-2023-0107-0412' })).toEqual(['EXPIRED']);
    expect(await reasons({ id: issued.id })).toEqual(['REVOKED']);
    expect(await reasons({ id: 'MS-BL-91310107MA1FL3K2XX' })).toEqual(['UNKNOWN_CERTIFICATE']);
    clock = Date.parse('2026-06-01T00:00:00Z');
    // the library still says VALID: the clock alone finds it is not in force yet
    expect(await reasons({ id: 'TX-CLR-2026-' + GOLDEN.restaurant })).toEqual(['NOT_YET_VALID']);
    clock = Date.parse('2037-01-01T00:00:00Z');
    expect(await reasons({ id: 'PS-ID-' + GOLDEN.zhangWei })).toEqual(['EXPIRED']);
  });

  it('accepts the QR payload of a true paper copy and names what a changed one got wrong', async () => {
    const record = (await adapter.certificate(newAdapterContext(), BL))!;
    const paper = encodeCertificateDocument(record);
    const reissue = (change: object) => encodeCertificateDocument({ ...record, ...change });
    expect(await verify({ document: paper })).toMatchObject({ valid: true, reasons: [], id: BL });
    expect(decodeCertificateDocument(paper)).toMatchObject({ id: BL, verificationCode: '3XHA-T4V6-G4' });
    expect(await reasons({ document: reissue({ validUntil: '2099-12-31' }) })).toEqual([
      'SIGNATURE_INVALID',
      'TAMPERED',
    ]);
    expect(await reasons({ document: reissue({ verificationCode: 'AAAA-AAAA-AA' }) })).toEqual(['TAMPERED']);
    expect(await reasons({ document: reissue({ issuerCode: 'customs' }) })).toEqual([
      'UNKNOWN_ISSUER',
      'TAMPERED',
    ]);
    expect(await reasons({ document: reissue({ id: 'MS-BL-91310107MA1FL3K2XX' }) })).toEqual([
      'SIGNATURE_INVALID',
      'UNKNOWN_CERTIFICATE',
    ]);
  });

  it('fetches each issuer key once and serves it from cache afterwards', async () => {
    const fresh = createBigDataCenterAdapter({ url: mock.url, cache: new MemoryCache(), now: () => clock });
    try {
      for (const id of ['HL-PPH-2024-0107-0088', 'HL-PPH-2023-0107-0412', 'HL-PPH-2024-0107-0088'])
        await fresh.verifyCertificate(newAdapterContext(), { id });
    } finally {
      await fresh.close();
    }
    expect(mock.controller.stats().byOperation).toEqual({
      'certificates:batchGet': 2,
      'issuers.publicKey': 1,
    });
  });

  it('refuses malformed input with INVALID_ARGUMENT and no request', async () => {
    const ctx = newAdapterContext();
    const codes = await Promise.all([
      codeOf(adapter.verifyCertificate(ctx, {})),
      codeOf(adapter.verifyCertificate(ctx, { id: BL, verificationCode: '3XHA-T4V6-G4' })),
      codeOf(adapter.verifyCertificate(ctx, { id: 'not an id' })),
      codeOf(adapter.verifyCertificate(ctx, { verificationCode: 'ABC' })),
      codeOf(adapter.verifyCertificate(ctx, { document: 'hello' })),
      codeOf(adapter.verifyCertificate(ctx, { document: 'OWDL-CERT:1:e30' })),
    ]);
    expect(codes).toEqual(Array(6).fill('INVALID_ARGUMENT'));
    expect(mock.controller.stats().requests).toBe(0);
  });
});
