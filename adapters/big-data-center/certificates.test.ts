import { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { bulkPersonId, loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import { createBigDataCenterAdapter, type BigDataCenterAdapter, type HolderRef } from './index';

let mock: MockHandle;
let adapter: BigDataCenterAdapter;

beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 200 }),
    baseLatencyMs: 0,
  });
  adapter = createBigDataCenterAdapter({ url: mock.url });
});
afterAll(async () => {
  await adapter.close();
  await mock.close();
});
beforeEach(() => mock.controller.resetCounts());

const person = (id: string): HolderRef => ({ type: 'PERSON', id });

describe('certificate.byId', () => {
  it('returns the canonical certificate with its issuer signature and printed verification code', async () => {
    const c = await adapter.certificate(newAdapterContext(), 'MS-BL-91310107MA1FL3K2XE');
    expect({ ...c, issuerSignature: c?.issuerSignature.length }).toEqual({
      id: 'MS-BL-91310107MA1FL3K2XE',
      type: 'BUSINESS_LICENCE',
      title: '营业执照',
      number: '91310107MA1FL3K2XE',
      issuerCode: 'market-supervision',
      holderType: 'COMPANY',
      holderId: '91310107MA1FL3K2XE',
      status: 'VALID',
      validFrom: '2019-04-18',
      validUntil: null,
      issuerSignature: 88, // 64 bytes of Ed25519 signature in base64
      verificationCode: '3XHA-T4V6-G4',
    });
  });

  it('returns null for a well-formed id the library does not hold', async () => {
    expect(await adapter.certificate(newAdapterContext(), 'MS-BL-91310107MA1FL3K2XX')).toBeNull();
    expect(mock.controller.stats().byOperation).toEqual({ 'certificates:batchGet': 1 });
  });

  it('refuses a malformed id with INVALID_ARGUMENT and asks the platform nothing', async () => {
    const err = await adapter
      .certificate(newAdapterContext(), 'ms-bl-1; DROP TABLE')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataLayerError);
    expect((err as DataLayerError).code).toBe('INVALID_ARGUMENT');
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('fetches 7 ids of one request in one batchGet', async () => {
    const ctx = newAdapterContext();
    const ids = [
      'PS-ID-' + GOLDEN.zhangWei,
      'HL-HC-2026-000173',
      'HS-RE-2019-012345',
      'TX-IIT-2025-' + GOLDEN.zhangWei,
      'HR-SSC-' + GOLDEN.zhangWei,
      'HR-SSC-' + GOLDEN.foreigner,
      'HL-XX-404',
    ];
    const found = await Promise.all(ids.map((id) => adapter.certificate(ctx, id)));
    expect(found.map((c) => c?.issuerCode ?? null)).toEqual([
      'public-security',
      'health',
      'housing',
      'tax',
      'human-resources',
      'human-resources',
      null,
    ]);
    expect(mock.controller.stats()).toMatchObject({
      requests: 1,
      byOperation: { 'certificates:batchGet': 1 },
      keysByOperation: { 'certificates:batchGet': 7 },
    });
  });
});

describe('certificates.byHolder', () => {
  it("finds Zhang Wei's six certificates from exactly the five issuing departments", async () => {
    const list = await adapter.certificatesByHolder(newAdapterContext(), person(GOLDEN.zhangWei));
    expect(list.map((c) => c.id)).toEqual([
      'PS-ID-310107199003070017',
      'PS-HH-310107199003070017',
      'HL-HC-2026-000173',
      'HS-RE-2019-012345',
      'TX-IIT-2025-310107199003070017',
      'HR-SSC-310107199003070017',
    ]);
    expect([...new Set(list.map((c) => c.issuerCode))].sort()).toEqual([
      'health',
      'housing',
      'human-resources',
      'public-security',
      'tax',
    ]);
  });

  it('gives the heavy bulk person all 20 certificates in one request', async () => {
    const list = await adapter.certificatesByHolder(newAdapterContext(), person(bulkPersonId(0)));
    expect(list).toHaveLength(20);
    expect(list.filter((c) => c.type === 'REAL_ESTATE_CERTIFICATE')).toHaveLength(17);
    expect(mock.controller.stats().byOperation).toEqual({ 'certificates:searchByHolders': 1 });
  });

  it('narrows by status and type without another request', async () => {
    const ctx = newAdapterContext();
    const liNa = person(GOLDEN.liNa);
    const expired = await adapter.certificatesByHolder(ctx, liNa, { status: 'EXPIRED' });
    const cards = await adapter.certificatesByHolder(ctx, liNa, {
      type: 'SOCIAL_SECURITY_CARD',
      status: 'VALID',
    });
    expect(expired.map((c) => c.id)).toEqual(['HR-SSC-310107198511220021']);
    expect(cards.map((c) => c.id)).toEqual(['HR-SSC-310107198511220021-2']);
    expect(mock.controller.stats().requests).toBe(1);
  });

  it('serves companies by unified social credit code', async () => {
    const list = await adapter.certificatesByHolder(newAdapterContext(), {
      type: 'COMPANY',
      id: GOLDEN.restaurant,
    });
    expect(list.map((c) => c.type)).toEqual([
      'BUSINESS_LICENCE',
      'FOOD_BUSINESS_PERMIT',
      'PUBLIC_PLACE_HEALTH_PERMIT',
      'TAX_REGISTRATION',
      'TAX_CLEARANCE_CERTIFICATE',
      'REAL_ESTATE_CERTIFICATE',
    ]);
  });

  it('asks for 150 holders in 2 requests of 100 and 50', async () => {
    const ctx = newAdapterContext();
    const lists = await Promise.all(
      Array.from({ length: 150 }, (_, i) => adapter.certificatesByHolder(ctx, person(bulkPersonId(i)))),
    );
    expect(lists.every((l) => l.length >= 2)).toBe(true);
    expect(mock.controller.stats()).toMatchObject({
      requests: 2,
      byOperation: { 'certificates:searchByHolders': 2 },
      keysByOperation: { 'certificates:searchByHolders': 150 },
    });
  });

  it('returns an empty list for a valid id the library knows nothing of', async () => {
    expect(await adapter.certificatesByHolder(newAdapterContext(), person(bulkPersonId(5_000)))).toEqual([]);
  });

  it('refuses an invalid identity number or credit code and asks the platform nothing', async () => {
    const ctx = newAdapterContext();
    const badPerson = await adapter
      .certificatesByHolder(ctx, person('310107199003070018'))
      .catch((e: DataLayerError) => e.code);
    const badCompany = await adapter
      .certificatesByHolder(ctx, { type: 'COMPANY', id: '91310107MA1FL3K2XA' })
      .catch((e: DataLayerError) => e.code);
    expect([badPerson, badCompany]).toEqual(['INVALID_IDENTITY_NUMBER', 'INVALID_CREDIT_CODE']);
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('follows the platform pages when a batch has more certificates than a page', async () => {
    const small = createBigDataCenterAdapter({ url: mock.url, pageSize: 6 });
    try {
      const list = await small.certificatesByHolder(newAdapterContext(), person(bulkPersonId(0)));
      expect(list).toHaveLength(20);
      expect(new Set(list.map((c) => c.id)).size).toBe(20);
      expect(mock.controller.stats().byOperation).toEqual({ 'certificates:searchByHolders': 4 });
    } finally {
      await small.close();
    }
  });
});
