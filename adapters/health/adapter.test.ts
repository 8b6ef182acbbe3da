import { bulkPersonId, generateWorld, loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import { indexWorld } from '../../mocks/data/world';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startHealthMock } from '../../mocks/health/server';
import { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { MemoryCache } from '../kit/cache';
import { createHealthAdapter, type HealthAdapter } from './index';

const world = loadWorld({ people: 300 });

/** Bulk people holding exactly one health document: 60 of them make one search span two 50-entry pages. */
const sixtyHolders = world.world.people
  .filter((p) => !(Object.values(GOLDEN) as string[]).includes(p.id))
  .filter(
    (p) => (world.certificatesByHolder.get(p.id) ?? []).filter((c) => c.issuer === 'health').length === 1,
  )
  .slice(0, 60)
  .map((p) => p.id);

async function rejection(p: Promise<unknown>): Promise<DataLayerError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DataLayerError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('health adapter against the FHIR mock', () => {
  let mock: MockHandle;
  let adapter: HealthAdapter;

  beforeAll(async () => {
    mock = await startHealthMock({ world, port: 0, adminPort: 0, baseLatencyMs: 0 });
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.controller.clear();
    mock.controller.resetCounts();
    // A fresh adapter per test, so one test's failures never open another's breaker.
    adapter = createHealthAdapter({ url: mock.url, headersTimeoutMs: 300 });
  });
  afterEach(() => adapter.close());

  it("maps Zhang Xiaoyu's birth medical certificate field by field", async () => {
    expect(await adapter.birthMedicalCertificate(newAdapterContext(), GOLDEN.zhangXiaoyu)).toEqual({
      certificateId: 'HL-BMC-Q310512347',
      number: 'Q310512347',
      hospital: '上海市普陀区妇婴保健院',
      bornAt: '2023-08-15T06:42:00+08:00',
      weightGrams: 3350,
      motherId: '310107198511220021',
      fatherId: '310107199003070017',
    });
  });

  it("returns Zhang Wei's health certificate and no birth certificate", async () => {
    expect(await adapter.personDocuments(newAdapterContext(), GOLDEN.zhangWei)).toEqual({
      birthMedicalCertificate: null,
      healthCertificates: [
        {
          certificateId: 'HL-HC-2026-000173',
          number: '普卫健(2026)000173',
          validFrom: '2026-03-01',
          validUntil: '2027-02-28',
          status: 'VALID',
        },
      ],
    });
  });

  it("returns the restaurant's expired and the pharmacy's valid permit from one search", async () => {
    const ctx = newAdapterContext();
    const [restaurant, pharmacy, supermarket] = await Promise.all([
      adapter.publicPlaceHealthPermits(ctx, GOLDEN.restaurant),
      adapter.publicPlaceHealthPermits(ctx, GOLDEN.pharmacy),
      adapter.publicPlaceHealthPermits(ctx, GOLDEN.supermarket),
    ]);
    expect(restaurant).toEqual([
      {
        certificateId: 'HL-PPH-2023-0107-0412',
        number: '沪普卫公字(2022)第0412号',
        validFrom: '2022-07-01',
        validUntil: '2026-06-30',
        status: 'EXPIRED',
      },
    ]);
    expect(pharmacy).toEqual([
      {
        certificateId: 'HL-PPH-2024-0107-0088',
        number: '沪普卫公字(2024)第0088号',
        validFrom: '2024-05-01',
        validUntil: '2028-04-30',
        status: 'VALID',
      },
    ]);
    expect(supermarket).toEqual([]);
    expect(mock.controller.stats().byOperation).toEqual({ 'DocumentReference.search': 1 });
    expect(mock.controller.stats().keysByOperation).toEqual({ 'DocumentReference.search': 3 });
  });

  it('asks for five people in one search with their identifiers OR-ed', async () => {
    const ctx = newAdapterContext();
    const ids = [GOLDEN.zhangWei, GOLDEN.liNa, GOLDEN.zhangXiaoyu, GOLDEN.wangQiang, GOLDEN.chanKaMing];
    const docs = await Promise.all(ids.map((id) => adapter.personDocuments(ctx, id)));
    expect(
      docs.map((d) => d && [d.birthMedicalCertificate?.number ?? null, d.healthCertificates.length]),
    ).toEqual([[null, 1], null, ['Q310512347', 0], null, null]);
    expect(mock.controller.stats().byOperation).toEqual({ 'DocumentReference.search': 1 });
    expect(mock.controller.stats().keysByOperation).toEqual({ 'DocumentReference.search': 5 });
  });

  it('follows the next link past a full page of 50 and returns all 60 documents', async () => {
    expect(sixtyHolders).toHaveLength(60);
    const ctx = newAdapterContext();
    const lists = await Promise.all(sixtyHolders.map((id) => adapter.healthCertificates(ctx, id)));
    expect(lists.map((l) => l.length)).toEqual(new Array(60).fill(1));
    const numbers = lists.map((l) => l[0]!.number);
    const expected = sixtyHolders.map(
      (id) => world.certificatesByHolder.get(id)!.find((c) => c.issuer === 'health')!.number,
    );
    expect(numbers).toEqual(expected);
    expect(mock.controller.stats().byOperation).toEqual({ 'DocumentReference.search': 1, 'Bundle.page': 1 });
    expect(mock.controller.stats().keysByOperation).toEqual({
      'DocumentReference.search': 60,
      'Bundle.page': 0,
    });
  });

  it('returns null for a valid id the Commission holds nothing for', async () => {
    const ctx = newAdapterContext();
    const stranger = bulkPersonId(9_999);
    expect(await adapter.personDocuments(ctx, stranger)).toBeNull();
    expect(await adapter.birthMedicalCertificate(ctx, stranger)).toBeNull();
    expect(await adapter.healthCertificates(ctx, stranger)).toEqual([]);
    expect(mock.controller.stats().requests).toBe(1);
  });

  it('rejects an invalid identity number or credit code without asking the server', async () => {
    const ctx = newAdapterContext();
    expect((await rejection(adapter.birthMedicalCertificate(ctx, '310107202308150048'))).code).toBe(
      'INVALID_IDENTITY_NUMBER',
    );
    expect((await rejection(adapter.healthCertificates(ctx, 'not-an-id'))).code).toBe(
      'INVALID_IDENTITY_NUMBER',
    );
    expect((await rejection(adapter.publicPlaceHealthPermits(ctx, '91310107MA1FL3K2XA'))).code).toBe(
      'INVALID_CREDIT_CODE',
    );
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('reports an OperationOutcome server error as LEGACY_FAULT', async () => {
    mock.controller.set({ errorRate: 1 });
    const e = await rejection(adapter.personDocuments(newAdapterContext(), GOLDEN.zhangWei));
    expect([e.code, e.department]).toEqual(['LEGACY_FAULT', 'health']);
    expect(e.message).toBe(
      'health DocumentReference search: the FHIR server answered 500 OperationOutcome (exception)',
    );
  });

  it('reports 429 as RATE_LIMITED with the Retry-After seconds', async () => {
    mock.controller.set({ rateLimitPerSecond: 0 });
    const e = await rejection(adapter.personDocuments(newAdapterContext(), GOLDEN.zhangWei));
    expect([e.code, e.retryAfter]).toEqual(['RATE_LIMITED', 1]);
  });

  it('reports the maintenance window as IN_MAINTENANCE with the Retry-After seconds', async () => {
    mock.controller.set({ maintenanceRetryAfter: 1800 });
    const e = await rejection(adapter.publicPlaceHealthPermits(newAdapterContext(), GOLDEN.pharmacy));
    expect([e.code, e.retryAfter]).toEqual(['IN_MAINTENANCE', 1800]);
    expect(await adapter.ready()).toBe(false);
  });

  it('reports bytes that are not FHIR JSON as BAD_LEGACY_REPLY', async () => {
    mock.controller.set({ garbage: true });
    const e = await rejection(adapter.personDocuments(newAdapterContext(), GOLDEN.zhangXiaoyu));
    expect([e.code, e.department]).toEqual(['BAD_LEGACY_REPLY', 'health']);
  });

  it('reports a server that never answers as DEPARTMENT_TIMEOUT', async () => {
    mock.controller.set({ hang: true });
    const e = await rejection(adapter.personDocuments(newAdapterContext(), GOLDEN.zhangXiaoyu));
    expect(e.code).toBe('DEPARTMENT_TIMEOUT');
  });

  it('is ready when the server answers its CapabilityStatement', async () => {
    expect(await adapter.ready()).toBe(true);
    expect(mock.controller.stats().byOperation).toEqual({ metadata: 1 });
  });

  it('serves a second request from the cache without asking the server again', async () => {
    const cached = createHealthAdapter({ url: mock.url, cache: new MemoryCache() });
    try {
      const first = await cached.birthMedicalCertificate(newAdapterContext(), GOLDEN.zhangXiaoyu);
      const second = await cached.birthMedicalCertificate(newAdapterContext(), GOLDEN.zhangXiaoyu);
      expect(second).toEqual(first);
      expect(mock.controller.stats().requests).toBe(1);
    } finally {
      await cached.close();
    }
  });
});

describe('health adapter identifiers', () => {
  // A world where a passport holder and a Hong Kong resident hold health certificates, and Wang Qiang
  // a birth certificate the hospital never filled in (the server sends it without birth details).
  const base = generateWorld({ people: 0 });
  base.certificates.push({
    id: 'HL-BMC-T3',
    type: 'BIRTH_MEDICAL_CERTIFICATE',
    title: '出生医学证明',
    issuer: 'health',
    holderType: 'PERSON',
    holderId: GOLDEN.wangQiang,
    validFrom: '1978-02-03',
    validUntil: null,
    status: 'VALID',
    number: 'T3',
  });
  for (const [holder, n] of [
    [GOLDEN.foreigner, 1],
    [GOLDEN.chanKaMing, 2],
  ] as const) {
    base.certificates.push({
      id: `HL-HC-T${n}`,
      type: 'HEALTH_CERTIFICATE',
      title: '食品从业人员健康证明',
      issuer: 'health',
      holderType: 'PERSON',
      holderId: holder,
      validFrom: '2025-06-01',
      validUntil: null,
      status: 'REVOKED',
      number: `卫健(2025)T${n}`,
    });
  }
  let mock: MockHandle;
  let adapter: HealthAdapter;

  beforeAll(async () => {
    mock = await startHealthMock({ world: indexWorld(base), port: 0, adminPort: 0, baseLatencyMs: 0 });
    adapter = createHealthAdapter({ url: mock.url });
  });
  beforeEach(() => mock.controller.resetCounts());
  afterAll(async () => {
    await adapter.close();
    await mock.close();
  });

  it('finds a passport holder and a residence permit holder by their own identifier systems', async () => {
    const ctx = newAdapterContext();
    const [foreigner, chan] = await Promise.all([
      adapter.healthCertificates(ctx, 'p-gbr-533401827'),
      adapter.healthCertificates(ctx, GOLDEN.chanKaMing),
    ]);
    expect([foreigner, chan]).toEqual([
      [
        {
          certificateId: 'HL-HC-T1',
          number: '卫健(2025)T1',
          validFrom: '2025-06-01',
          validUntil: null,
          status: 'REVOKED',
        },
      ],
      [
        {
          certificateId: 'HL-HC-T2',
          number: '卫健(2025)T2',
          validFrom: '2025-06-01',
          validUntil: null,
          status: 'REVOKED',
        },
      ],
    ]);
    expect(mock.controller.stats().byOperation).toEqual({ 'DocumentReference.search': 1 });
  });

  it('fails only the key whose document is malformed, in the same search', async () => {
    const ctx = newAdapterContext();
    const [wang, chan] = await Promise.allSettled([
      adapter.birthMedicalCertificate(ctx, GOLDEN.wangQiang),
      adapter.healthCertificates(ctx, GOLDEN.chanKaMing),
    ]);
    expect(
      wang.status === 'rejected' && [
        (wang.reason as DataLayerError).code,
        (wang.reason as DataLayerError).message,
      ],
    ).toEqual([
      'BAD_LEGACY_REPLY',
      'health DocumentReference: the FHIR server answered something malformed (DocumentReference/HL-BMC-T3: no birth hospital extension)',
    ]);
    expect(chan.status === 'fulfilled' && chan.value.map((c) => c.number)).toEqual(['卫健(2025)T2']);
    expect(mock.controller.stats().byOperation).toEqual({ 'DocumentReference.search': 1 });
  });
});
