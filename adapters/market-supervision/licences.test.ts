import { bulkCompanyUscc, loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startMarketSupervisionMock } from '../../mocks/market-supervision/server';
import { newAdapterContext } from '../kit/operation';
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

describe('market-supervision adapter: licences.byCompany', () => {
  it('reads the business licence and the food business permit of the restaurant', async () => {
    expect(await adapter.licencesByCompany(newAdapterContext(), GOLDEN.restaurant)).toEqual([
      {
        certificateId: `MS-BL-${GOLDEN.restaurant}`,
        type: 'BUSINESS_LICENCE',
        title: '营业执照',
        number: GOLDEN.restaurant,
        validFrom: '2019-04-18',
        validUntil: null,
        status: 'VALID',
      },
      {
        certificateId: 'MS-FBP-JY23101070012345',
        type: 'FOOD_BUSINESS_PERMIT',
        title: '食品经营许可证',
        number: 'JY23101070012345',
        validFrom: '2022-04-01',
        validUntil: '2027-03-31',
        status: 'VALID',
      },
    ]);
  });

  it('reads the drug retail permit of the pharmacy and the expired permit of the supermarket', async () => {
    const ctx = newAdapterContext();
    const [pharmacy, supermarket] = await Promise.all([
      adapter.licencesByCompany(ctx, GOLDEN.pharmacy),
      adapter.licencesByCompany(ctx, GOLDEN.supermarket),
    ]);
    expect(pharmacy.map((l) => l.type)).toEqual([
      'BUSINESS_LICENCE',
      'DRUG_RETAIL_PERMIT',
      'FOOD_BUSINESS_PERMIT',
    ]);
    expect(pharmacy[1]).toMatchObject({
      number: '沪DB3101070187',
      validUntil: '2027-08-31',
      status: 'VALID',
    });
    expect(supermarket.map((l) => `${l.type} ${l.status}`)).toEqual([
      'BUSINESS_LICENCE VALID',
      'FOOD_BUSINESS_PERMIT EXPIRED',
      'FOOD_BUSINESS_PERMIT VALID',
    ]);
    expect(mock.controller.stats().byOperation).toEqual({ 'licenses.byUscc': 1 });
  });

  it('follows the pages: 40 licences of 25 companies take exactly 2 requests', async () => {
    const usccs = Array.from({ length: 25 }, (_, j) => bulkCompanyUscc(j));
    const lists = await adapter.operations.licencesByCompany.loadMany(newAdapterContext(), usccs);
    const counts = lists.map((l) => (Array.isArray(l) ? l.length : -1));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    expect(counts.slice(0, 10)).toEqual([2, 2, 2, 2, 2, 1, 1, 1, 1, 1]);
    expect(mock.controller.stats().byOperation).toEqual({ 'licenses.byUscc': 2 });
    expect(mock.controller.stats().keysByOperation).toEqual({ 'licenses.byUscc': 25 });
  });

  it('gives an empty list for a valid code the registry holds no licence for', async () => {
    expect(await adapter.licencesByCompany(newAdapterContext(), bulkCompanyUscc(999))).toEqual([]);
    expect(mock.controller.stats().requests).toBe(1);
  });

  it('refuses an invalid code with INVALID_CREDIT_CODE and asks nothing', async () => {
    await expect(adapter.licencesByCompany(newAdapterContext(), '91310107MA1FL3K2X')).rejects.toMatchObject({
      code: 'INVALID_CREDIT_CODE',
    });
    expect(mock.controller.stats().requests).toBe(0);
  });
});
