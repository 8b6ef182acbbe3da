import { request } from 'undici';
import { bulkCompanyUscc, loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startMarketSupervisionMock } from '../../mocks/market-supervision/server';
import { newAdapterContext } from '../kit/operation';
import { createMarketSupervisionAdapter, type MarketSupervisionAdapter } from './index';

const world = loadWorld({ people: 50 });
let mock: MockHandle;
let adapter: MarketSupervisionAdapter;

beforeAll(async () => {
  mock = await startMarketSupervisionMock({ port: 0, adminPort: 0, world, baseLatencyMs: 0 });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.controller.clear();
  mock.controller.resetCounts();
  adapter = createMarketSupervisionAdapter({
    url: mock.url,
    headersTimeoutMs: 400,
    breaker: { timeoutMs: 1_000 },
  });
});
afterEach(() => adapter.close());

const restaurant = () => adapter.companyByUscc(newAdapterContext(), GOLDEN.restaurant);

describe('market-supervision adapter: legacy faults', () => {
  it('turns a 429 into RATE_LIMITED with the Retry-After seconds', async () => {
    mock.controller.set({ rateLimitPerSecond: 0 });
    await expect(restaurant()).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfter: 1,
      department: 'market-supervision',
    });
  });

  it("turns the registry's own always-on limit into RATE_LIMITED once it is used up", async () => {
    const limited = await startMarketSupervisionMock({
      port: 0,
      adminPort: 0,
      world,
      baseLatencyMs: 0,
      rateLimitPerSecond: 2,
    });
    const client = createMarketSupervisionAdapter({ url: limited.url });
    try {
      await client.companyByUscc(newAdapterContext(), GOLDEN.restaurant);
      await client.companyByUscc(newAdapterContext(), GOLDEN.pharmacy);
      await expect(client.companyByUscc(newAdapterContext(), GOLDEN.supermarket)).rejects.toMatchObject({
        code: 'RATE_LIMITED',
        retryAfter: 1,
      });
    } finally {
      await client.close();
      await limited.close();
    }
  });

  it('fails the whole query with RATE_LIMITED when the limit strikes on its second page', async () => {
    const limited = await startMarketSupervisionMock({
      port: 0,
      adminPort: 0,
      world: loadWorld({ people: 250 }),
      baseLatencyMs: 0,
      rateLimitPerSecond: 1,
    });
    const client = createMarketSupervisionAdapter({ url: limited.url });
    try {
      const usccs = Array.from({ length: 21 }, (_, j) => bulkCompanyUscc(j));
      const slots = await client.operations.companyByUscc.loadMany(newAdapterContext(), usccs);
      expect(slots.every((s) => s instanceof Error && (s as { code?: string }).code === 'RATE_LIMITED')).toBe(
        true,
      );
      expect(limited.controller.stats().byOperation).toEqual({ 'enterprises.byUscc': 2 });
    } finally {
      await client.close();
      await limited.close();
    }
  });

  it('turns garbage bytes into BAD_LEGACY_REPLY', async () => {
    mock.controller.set({ garbage: true });
    await expect(restaurant()).rejects.toMatchObject({
      code: 'BAD_LEGACY_REPLY',
      department: 'market-supervision',
    });
  });

  it('turns the JSON 500 of the registry into DEPARTMENT_UNAVAILABLE', async () => {
    mock.controller.set({ errorRate: 1 });
    await expect(restaurant()).rejects.toMatchObject({
      code: 'DEPARTMENT_UNAVAILABLE',
      department: 'market-supervision',
    });
  });

  it('turns a 503 with Retry-After into IN_MAINTENANCE with those seconds', async () => {
    mock.controller.set({ maintenanceRetryAfter: 120 });
    await expect(restaurant()).rejects.toMatchObject({ code: 'IN_MAINTENANCE', retryAfter: 120 });
  });

  it('turns a refused connection into DEPARTMENT_UNAVAILABLE', async () => {
    mock.controller.set({ refuse: true });
    await expect(restaurant()).rejects.toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE' });
  });

  it('gives up on a registry that never answers with DEPARTMENT_TIMEOUT', async () => {
    mock.controller.set({ hang: true });
    await expect(restaurant()).rejects.toMatchObject({ code: 'DEPARTMENT_TIMEOUT' });
  });
});

describe('market-supervision mock: page size cap', () => {
  it('refuses page_size 21 with HTTP 400 and code 40001', async () => {
    const res = await request(`${mock.url}/api/v2/enterprises?uscc=${GOLDEN.restaurant}&page=1&page_size=21`);
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toEqual({
      code: 40001,
      message: 'page_size 取值范围为1-20: 21',
      data: null,
    });
  });

  it('is never asked for more than 20 a page by the adapter, which refuses a larger pageSize option', () => {
    expect(() => createMarketSupervisionAdapter({ url: mock.url, pageSize: 21 })).toThrow(
      'pageSize must be a whole number from 1 to 20: 21',
    );
  });
});
