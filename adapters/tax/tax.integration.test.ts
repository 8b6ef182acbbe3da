import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import { startTaxMock, type TaxMockHandle } from '../../mocks/tax/server';
import type { DataLayerError } from '../kit/errors';
import { gb32100CheckChar } from '../kit/identity';
import { newAdapterContext } from '../kit/operation';
import { createTaxAdapter, type TaxAdapter } from './index';

// Collected only by the `integration` jest project, which exists only when a real server URL is set.
const MARIADB_URL = process.env.MARIADB_URL;
if (!MARIADB_URL)
  throw new Error('tax integration tests need MARIADB_URL, e.g. mysql://root@127.0.0.1:3306/test');

const UNKNOWN = '91310107MA1KKKKKK' + gb32100CheckChar('91310107MA1KKKKKK');
const PUTUO = '国家税务总局上海市普陀区税务局';
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: DataLayerError) => e.code,
  );

describe('tax adapter against MariaDB through the wire proxy', () => {
  let mock: TaxMockHandle;
  let adapter: TaxAdapter;

  beforeAll(async () => {
    mock = await startTaxMock({
      world: loadWorld({ people: 50 }),
      mariadbUrl: MARIADB_URL,
      baseLatencyMs: 0,
    });
    // A breaker that never opens here: every fault below must show its own error, not CIRCUIT_OPEN.
    adapter = createTaxAdapter({
      url: mock.url,
      queryTimeoutMs: 300,
      connectTimeoutMs: 1_000,
      breaker: { volumeThreshold: 1_000 },
    });
  });
  beforeEach(() => {
    mock.controller.clear();
    mock.controller.resetCounts();
  });
  afterAll(async () => {
    await adapter.close();
    await mock.close();
  });

  it('reads the golden companies with the same figures as on SQLite', async () => {
    const ctx = newAdapterContext();
    const [restaurant, pharmacy, supermarket] = await Promise.all(
      [GOLDEN.restaurant, GOLDEN.pharmacy, GOLDEN.supermarket].map((u) => adapter.taxStatus(ctx, u)),
    );
    expect(restaurant).toEqual({
      uscc: GOLDEN.restaurant,
      taxpayerId: GOLDEN.restaurant,
      registeredOn: '2019-04-25',
      creditRating: 'A',
      taxOffice: PUTUO,
      status: 'NORMAL',
      arrears: 0,
      lastFiledPeriod: '2026-10',
    });
    expect(pharmacy).toEqual({
      uscc: GOLDEN.pharmacy,
      taxpayerId: GOLDEN.pharmacy,
      registeredOn: '2017-09-12',
      creditRating: 'A',
      taxOffice: PUTUO,
      status: 'NORMAL',
      arrears: 0,
      lastFiledPeriod: '2026-10',
    });
    expect(supermarket).toEqual({
      uscc: GOLDEN.supermarket,
      taxpayerId: GOLDEN.supermarket,
      registeredOn: '2012-06-28',
      creditRating: 'B',
      taxOffice: PUTUO,
      status: 'NORMAL',
      arrears: 1280.5,
      lastFiledPeriod: '2026-09',
    });
  });

  it('sends exactly one statement over the wire for a batch, binding every key', async () => {
    const ctx = newAdapterContext();
    const results = await Promise.all(
      [GOLDEN.restaurant, UNKNOWN, GOLDEN.supermarket, GOLDEN.pharmacy].map((u) => adapter.taxStatus(ctx, u)),
    );
    expect(results.map((r) => r?.creditRating ?? null)).toEqual(['A', null, 'B', 'A']);
    const stats = mock.controller.stats();
    expect([stats.requests, stats.byOperation, stats.keysByOperation]).toEqual([
      1,
      { V_GX_NSRZT: 1 },
      { V_GX_NSRZT: 4 },
    ]);
  });

  it('sends nothing for an invalid code', async () => {
    expect(await codeOf(adapter.taxStatus(newAdapterContext(), '91310107MA1FL3K2XA'))).toBe(
      'INVALID_CREDIT_CODE',
    );
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('times out with DEPARTMENT_TIMEOUT when the database hangs, then recovers', async () => {
    mock.controller.set({ hang: true });
    expect(await codeOf(adapter.taxStatus(newAdapterContext(), GOLDEN.restaurant))).toBe(
      'DEPARTMENT_TIMEOUT',
    );
    mock.controller.clear();
    expect((await adapter.taxStatus(newAdapterContext(), GOLDEN.restaurant))?.creditRating).toBe('A');
  });

  it('reports a server error packet (errorRate 1) as LEGACY_FAULT', async () => {
    mock.controller.set({ errorRate: 1 });
    expect(await codeOf(adapter.taxStatus(newAdapterContext(), GOLDEN.pharmacy))).toBe('LEGACY_FAULT');
  });

  it('reports bytes that are no MySQL reply as BAD_LEGACY_REPLY', async () => {
    mock.controller.set({ garbage: true });
    expect(await codeOf(adapter.taxStatus(newAdapterContext(), GOLDEN.supermarket))).toBe('BAD_LEGACY_REPLY');
  });

  it('reports maintenance as IN_MAINTENANCE with its retry-after', async () => {
    mock.controller.set({ maintenanceRetryAfter: 120 });
    const err = await adapter
      .taxStatus(newAdapterContext(), GOLDEN.restaurant)
      .catch((e: DataLayerError) => e);
    expect([(err as DataLayerError).code, (err as DataLayerError).retryAfter]).toEqual([
      'IN_MAINTENANCE',
      120,
    ]);
  });

  it('reports a refused connection as DEPARTMENT_UNAVAILABLE, and reads again once it listens', async () => {
    mock.controller.set({ refuse: true });
    expect(await codeOf(adapter.taxStatus(newAdapterContext(), GOLDEN.restaurant))).toBe(
      'DEPARTMENT_UNAVAILABLE',
    );
    mock.controller.clear();
    await new Promise((r) => setTimeout(r, 50));
    expect((await adapter.taxStatus(newAdapterContext(), GOLDEN.restaurant))?.arrears).toBe(0);
  });

  it('adds the configured latency to every query', async () => {
    mock.controller.set({ latencyMs: 150 });
    const started = Date.now();
    await adapter.taxStatus(newAdapterContext(), GOLDEN.pharmacy);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });
});
