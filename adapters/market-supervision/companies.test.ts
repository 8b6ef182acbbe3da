import { bulkCompanyUscc, bulkPersonId, loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startMarketSupervisionMock } from '../../mocks/market-supervision/server';
import { newAdapterContext } from '../kit/operation';
import { MemoryCache } from '../kit/cache';
import { createMarketSupervisionAdapter, type MarketSupervisionAdapter } from './index';

let mock: MockHandle;
let adapter: MarketSupervisionAdapter;

beforeAll(async () => {
  mock = await startMarketSupervisionMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 250 }),
    baseLatencyMs: 0,
  });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.controller.clear();
  mock.controller.resetCounts();
  adapter = createMarketSupervisionAdapter({ url: mock.url });
});
afterEach(() => adapter.close());

const restaurant = {
  uscc: GOLDEN.restaurant,
  name: '上海普陀张记餐饮有限公司',
  legalRepresentativeId: GOLDEN.zhangWei,
  legalRepresentativeName: '张伟',
  industry: 'restaurant',
  address: '上海市普陀区曹杨路1040号1层',
  establishedOn: '2019-04-18',
  registeredCapital: 50,
  status: 'OPERATING',
  businessScope: '餐饮服务；食品销售',
};

describe('market-supervision adapter: company.byUscc', () => {
  it('maps the registry record of the restaurant to the canonical company', async () => {
    expect(await adapter.companyByUscc(newAdapterContext(), GOLDEN.restaurant)).toEqual(restaurant);
    expect(mock.controller.stats()).toMatchObject({ requests: 1, byOperation: { 'enterprises.byUscc': 1 } });
  });

  it('accepts a lower-case code and asks for it upper-cased', async () => {
    expect(await adapter.companyByUscc(newAdapterContext(), GOLDEN.restaurant.toLowerCase())).toEqual(
      restaurant,
    );
  });

  it('returns null for a valid code the registry does not hold', async () => {
    expect(await adapter.companyByUscc(newAdapterContext(), bulkCompanyUscc(999))).toBeNull();
    expect(mock.controller.stats().requests).toBe(1);
  });

  it('refuses a code with a wrong check character with INVALID_CREDIT_CODE and asks nothing', async () => {
    await expect(adapter.companyByUscc(newAdapterContext(), '91310107MA1FL3K2XA')).rejects.toMatchObject({
      code: 'INVALID_CREDIT_CODE',
    });
    await expect(adapter.companyByUscc(newAdapterContext(), 'not-a-code')).rejects.toMatchObject({
      code: 'INVALID_CREDIT_CODE',
    });
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('asks for the three golden companies in one request', async () => {
    const ctx = newAdapterContext();
    const companies = await Promise.all(
      [GOLDEN.restaurant, GOLDEN.pharmacy, GOLDEN.supermarket].map((u) => adapter.companyByUscc(ctx, u)),
    );
    expect(companies.map((c) => c?.name)).toEqual([
      '上海普陀张记餐饮有限公司',
      '上海普陀康宁大药房有限公司',
      '上海普陀惠民超市有限公司',
    ]);
    const stats = mock.controller.stats();
    expect(stats.byOperation).toEqual({ 'enterprises.byUscc': 1 });
    expect(stats.keysByOperation).toEqual({ 'enterprises.byUscc': 3 });
  });

  it('follows the pages: 25 codes in one batch take exactly 2 requests and all 25 come back', async () => {
    const usccs = [
      GOLDEN.restaurant,
      GOLDEN.pharmacy,
      GOLDEN.supermarket,
      ...Array.from({ length: 22 }, (_, j) => bulkCompanyUscc(j)),
    ];
    const companies = await adapter.operations.companyByUscc.loadMany(newAdapterContext(), usccs);
    expect(companies.map((c) => (c && !(c instanceof Error) ? c.uscc : c))).toEqual(usccs);
    const stats = mock.controller.stats();
    expect(stats.byOperation).toEqual({ 'enterprises.byUscc': 2 });
    expect(stats.keysByOperation).toEqual({ 'enterprises.byUscc': 25 });
  });

  it('reads 在业, the status of records migrated before 2014, as OPERATING', async () => {
    expect(await adapter.companyByUscc(newAdapterContext(), GOLDEN.supermarket)).toMatchObject({
      establishedOn: '2012-06-20',
      status: 'OPERATING',
      registeredCapital: 500,
      industry: 'supermarket',
    });
  });

  it('upper-cases the check character x the registry keeps lower-case', async () => {
    expect(await adapter.companyByUscc(newAdapterContext(), '91310109MA000000QG')).toMatchObject({
      legalRepresentativeId: '31011519500101016X',
    });
  });

  it('serves a second request from the cache without asking the registry', async () => {
    const cached = createMarketSupervisionAdapter({ url: mock.url, cache: new MemoryCache() });
    try {
      await cached.companyByUscc(newAdapterContext(), GOLDEN.pharmacy);
      expect(await cached.companyByUscc(newAdapterContext(), GOLDEN.pharmacy)).toMatchObject({
        name: '上海普陀康宁大药房有限公司',
      });
      expect(mock.controller.stats().requests).toBe(1);
    } finally {
      await cached.close();
    }
  });
});

describe('market-supervision adapter: companies.byLegalRep', () => {
  it('finds the restaurant for Zhang Wei', async () => {
    expect(await adapter.companiesByLegalRep(newAdapterContext(), GOLDEN.zhangWei)).toEqual([restaurant]);
  });

  it('reads the 5 companies of the heavy bulk person in one request', async () => {
    const companies = await adapter.companiesByLegalRep(newAdapterContext(), bulkPersonId(0));
    expect(companies.map((c) => c.industry)).toEqual([
      'restaurant',
      'pharmacy',
      'supermarket',
      'bakery',
      'convenience-store',
    ]);
    expect(mock.controller.stats().byOperation).toEqual({ 'enterprises.byLegalRep': 1 });
  });

  it('asks for several people in one request and gives each their own companies', async () => {
    const ctx = newAdapterContext();
    const [zhang, li, heavy, nobody] = await Promise.all(
      [GOLDEN.zhangWei, GOLDEN.liNa, bulkPersonId(0), GOLDEN.chanKaMing].map((id) =>
        adapter.companiesByLegalRep(ctx, id),
      ),
    );
    expect([zhang!.length, li!.length, heavy!.length, nobody!.length]).toEqual([1, 1, 5, 0]);
    expect(li![0]!.uscc).toBe(GOLDEN.pharmacy);
    const stats = mock.controller.stats();
    expect(stats.byOperation).toEqual({ 'enterprises.byLegalRep': 1 });
    expect(stats.keysByOperation).toEqual({ 'enterprises.byLegalRep': 4 });
  });

  it('finds a company whose legal representative the registry stores with a lower-case x', async () => {
    const companies = await adapter.companiesByLegalRep(newAdapterContext(), '31011519500101016X');
    expect(companies.map((c) => c.uscc)).toEqual(['91310109MA000000QG']);
  });

  it('refuses an invalid identity number with INVALID_IDENTITY_NUMBER and asks nothing', async () => {
    await expect(
      adapter.companiesByLegalRep(newAdapterContext(), '310107199003070018'),
    ).rejects.toMatchObject({
      code: 'INVALID_IDENTITY_NUMBER',
    });
    expect(mock.controller.stats().requests).toBe(0);
  });
});
