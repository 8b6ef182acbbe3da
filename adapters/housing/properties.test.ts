import { bulkPersonId } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import { EDGE_OWNER, FULL_WIDTH_ADDRESS, edgeWorld } from '../../mocks/housing/edge-world';
import { startHousingMock } from '../../mocks/housing/server';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { MemoryCache } from '../kit/cache';
import type { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { createHousingAdapter, type HousingAdapter } from './index';

const zhangWeiFlat = {
  certificateId: 'HS-RE-2019-012345',
  certificateNumber: '沪(2019)普字不动产权第012345号',
  unitNumber: 'PT-0588-12-0602',
  address: '上海市普陀区长寿路588弄12号602室',
  floorAreaM2: 89.46,
  usage: 'RESIDENTIAL',
  registeredOn: '2019-07-02',
  mortgaged: true,
  owners: [
    { type: 'PERSON', id: GOLDEN.zhangWei, sharePercent: 50 },
    { type: 'PERSON', id: GOLDEN.liNa, sharePercent: 50 },
  ],
};

const restaurantUnit = {
  certificateId: 'HS-RE-2020-007730',
  certificateNumber: '沪(2020)普字不动产权第007730号',
  unitNumber: 'PT-1040-00-0101',
  address: '上海市普陀区曹杨路1040号1层',
  floorAreaM2: 142.3,
  usage: 'COMMERCIAL',
  registeredOn: '2020-03-12',
  mortgaged: false,
  owners: [{ type: 'COMPANY', id: GOLDEN.restaurant, sharePercent: 100 }],
};

async function rejection(p: Promise<unknown>): Promise<DataLayerError> {
  try {
    await p;
  } catch (e) {
    return e as DataLayerError;
  }
  throw new Error('expected a rejection');
}

describe('housing adapter: properties', () => {
  let mock: MockHandle;
  let adapter: HousingAdapter;

  beforeAll(async () => {
    mock = await startHousingMock({ world: edgeWorld(), baseLatencyMs: 0 });
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.controller.resetCounts();
    adapter = createHousingAdapter({ url: mock.url });
  });
  afterEach(() => adapter.close());

  it("decodes Zhang Wei's co-owned flat, GB18030 address included, exactly", async () => {
    expect(
      await adapter.propertiesByOwner(newAdapterContext(), { type: 'PERSON', id: GOLDEN.zhangWei }),
    ).toEqual([zhangWeiFlat]);
  });

  it("returns the restaurant's commercial unit for the company", async () => {
    expect(
      await adapter.propertiesByOwner(newAdapterContext(), { type: 'COMPANY', id: GOLDEN.restaurant }),
    ).toEqual([restaurantUnit]);
  });

  it('reads every field at its full width, a four-byte character in the last four bytes of the address', async () => {
    expect(
      await adapter.propertiesByOwner(newAdapterContext(), { type: 'PERSON', id: EDGE_OWNER.fullWidth }),
    ).toEqual([
      {
        certificateId: 'HS-RE-2000-0000000000001',
        certificateNumber: '沪(2000)普字不动产权第0000000000000001号',
        unitNumber: 'PT-3663-00-0000-FULL',
        address: FULL_WIDTH_ADDRESS,
        floorAreaM2: 9999999.99,
        usage: 'INDUSTRIAL',
        registeredOn: '2000-02-29',
        mortgaged: false,
        owners: [{ type: 'PERSON', id: EDGE_OWNER.fullWidth, sharePercent: 100 }],
      },
    ]);
  });

  it('gets an address one byte over its field cut before the character that would not fit, never inside it', async () => {
    const [p] = (await adapter.propertiesByOwner(newAdapterContext(), {
      type: 'PERSON',
      id: EDGE_OWNER.overlong,
    }))!;
    expect(p!.address).toBe('A上海市普陀区中山北路三千六百六十三号华东师范大学中北宿舍楼');
  });

  it('asks for the owners of one request in one QOWN exchange, a shared property once', async () => {
    const ctx = newAdapterContext();
    const [zhang, li, restaurant] = await Promise.all([
      adapter.propertiesByOwner(ctx, { type: 'PERSON', id: GOLDEN.zhangWei }),
      adapter.propertiesByOwner(ctx, { type: 'PERSON', id: GOLDEN.liNa }),
      adapter.propertiesByOwner(ctx, { type: 'COMPANY', id: GOLDEN.restaurant }),
    ]);
    expect([zhang, li, restaurant]).toEqual([[zhangWeiFlat], [zhangWeiFlat], [restaurantUnit]]);
    expect(mock.controller.stats()).toMatchObject({
      requests: 1,
      byOperation: { QOWN: 1 },
      keysByOperation: { QOWN: 3 },
    });
  });

  it('splits 25 owners into exactly 2 requests of at most 20 keys', async () => {
    const keys = Array.from({ length: 25 }, (_, i) => ({ type: 'PERSON' as const, id: bulkPersonId(i) }));
    const results = await adapter.propertiesByOwners(newAdapterContext(), keys);
    expect(results).toHaveLength(25);
    expect(results.filter((r) => r instanceof Error)).toEqual([]);
    expect(mock.controller.stats()).toMatchObject({
      requests: 2,
      byOperation: { QOWN: 2 },
      keysByOperation: { QOWN: 25 },
    });
  });

  it('returns all 17 properties of the heavy bulk person in one exchange', async () => {
    const properties = await adapter.propertiesByOwner(newAdapterContext(), {
      type: 'PERSON',
      id: bulkPersonId(0),
    });
    expect(properties).toHaveLength(17);
    expect(properties!.map((p) => p.certificateNumber)).toEqual(
      Array.from({ length: 17 }, (_, k) => `沪(2018)字不动产权第B0-${k}号`),
    );
    expect(mock.controller.stats().requests).toBe(1);
  });

  it('answers null for a valid owner the register does not know', async () => {
    const ctx = newAdapterContext();
    expect(await adapter.propertiesByOwner(ctx, { type: 'PERSON', id: GOLDEN.chanKaMing })).toBeNull();
    expect(await adapter.propertiesByOwner(ctx, { type: 'COMPANY', id: GOLDEN.pharmacy })).toBeNull();
  });

  it('answers null without asking for a passport id longer than the 18-byte owner field', async () => {
    expect(
      await adapter.propertiesByOwner(newAdapterContext(), { type: 'PERSON', id: 'P-GBR-53340182712345' }),
    ).toBeNull();
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('rejects an invalid identity number or credit code before any request', async () => {
    const person = await rejection(
      adapter.propertiesByOwner(newAdapterContext(), { type: 'PERSON', id: '310107199003070018' }),
    );
    const company = await rejection(
      adapter.propertiesByOwner(newAdapterContext(), { type: 'COMPANY', id: '91310107MA1FL3K2XA' }),
    );
    expect([person.code, company.code]).toEqual(['INVALID_IDENTITY_NUMBER', 'INVALID_CREDIT_CODE']);
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('finds a property by its certificate number with QCRT, null for an unknown number', async () => {
    const ctx = newAdapterContext();
    const [found, missing] = await Promise.all([
      adapter.propertyByCertificateNumber(ctx, '沪(2019)普字不动产权第012345号'),
      adapter.propertyByCertificateNumber(ctx, '沪(2019)普字不动产权第999999号'),
    ]);
    expect([found, missing]).toEqual([zhangWeiFlat, null]);
    expect(mock.controller.stats()).toMatchObject({ requests: 1, keysByOperation: { QCRT: 2 } });
  });

  it('serves a second request from the cache without asking the registry again', async () => {
    const cached = createHousingAdapter({ url: mock.url, cache: new MemoryCache() });
    try {
      await cached.propertiesByOwner(newAdapterContext(), { type: 'PERSON', id: GOLDEN.zhangWei });
      expect(
        await cached.propertiesByOwner(newAdapterContext(), { type: 'PERSON', id: GOLDEN.zhangWei }),
      ).toEqual([zhangWeiFlat]);
      expect(mock.controller.stats().requests).toBe(1);
    } finally {
      await cached.close();
    }
  });

  it('keeps one connection open for consecutive exchanges', async () => {
    for (const id of [GOLDEN.zhangWei, GOLDEN.liNa, GOLDEN.wangQiang])
      await adapter.propertiesByOwner(newAdapterContext(), { type: 'PERSON', id });
    expect(adapter.connections()).toMatchObject({ open: 1, opened: 1, discarded: 0 });
  });
});
