import { GOLDEN } from '../../mocks/data/golden';
import { loadWorld } from '../../mocks/data/generator';
import { startTaxMock, type TaxMockHandle } from '../../mocks/tax/server';
import { MemoryCache } from '../kit/cache';
import { DataLayerError } from '../kit/errors';
import { gb32100CheckChar } from '../kit/identity';
import { newAdapterContext } from '../kit/operation';
import { createTaxAdapter, type TaxAdapter } from './index';
import { removeFile, tempSqlitePath } from './test-support';

const UNKNOWN = '91310107MA1KKKKKK' + gb32100CheckChar('91310107MA1KKKKKK');
const PUTUO = '国家税务总局上海市普陀区税务局';

describe('tax adapter: taxStatus.byUscc on SQLite', () => {
  let mock: TaxMockHandle;
  let adapter: TaxAdapter;
  const file = tempSqlitePath('status');

  beforeAll(async () => {
    mock = await startTaxMock({ world: loadWorld({ people: 50 }), sqlitePath: file, baseLatencyMs: 0 });
    adapter = createTaxAdapter({ url: mock.url });
  });
  afterAll(async () => {
    await adapter.close();
    await mock.close();
    removeFile(file);
  });
  beforeEach(() =>
    Object.assign(adapter.operations.taxStatusByUscc.stats, {
      calls: 0,
      keys: 0,
      cacheHits: 0,
      staleServes: 0,
    }),
  );

  it('reads the restaurant as rated A with no arrears', async () => {
    expect(await adapter.taxStatus(newAdapterContext(), GOLDEN.restaurant)).toEqual({
      uscc: GOLDEN.restaurant,
      taxpayerId: GOLDEN.restaurant,
      registeredOn: '2019-04-25',
      creditRating: 'A',
      taxOffice: PUTUO,
      status: 'NORMAL',
      arrears: 0,
      lastFiledPeriod: '2026-10',
    });
  });

  it('reads the supermarket as rated B owing 1280.50 with September its last filed period', async () => {
    expect(await adapter.taxStatus(newAdapterContext(), GOLDEN.supermarket)).toEqual({
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

  it('sends one query for a batch of companies and answers each in order', async () => {
    const ctx = newAdapterContext();
    const results = await Promise.all(
      [GOLDEN.pharmacy, GOLDEN.supermarket, UNKNOWN, GOLDEN.restaurant].map((u) => adapter.taxStatus(ctx, u)),
    );
    expect(results.map((r) => r && [r.uscc, r.creditRating, r.arrears])).toEqual([
      [GOLDEN.pharmacy, 'A', 0],
      [GOLDEN.supermarket, 'B', 1280.5],
      null,
      [GOLDEN.restaurant, 'A', 0],
    ]);
    expect(adapter.operations.taxStatusByUscc.stats).toEqual({
      calls: 1,
      keys: 4,
      cacheHits: 0,
      staleServes: 0,
    });
  });

  it('answers null for a valid code the bureau has not registered', async () => {
    expect(await adapter.taxStatus(newAdapterContext(), UNKNOWN)).toBeNull();
    expect(adapter.operations.taxStatusByUscc.stats.calls).toBe(1);
  });

  it('rejects a code with a wrong check character as INVALID_CREDIT_CODE without a query', async () => {
    const err = await adapter.taxStatus(newAdapterContext(), '91310107MA1FL3K2XA').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataLayerError);
    expect((err as DataLayerError).code).toBe('INVALID_CREDIT_CODE');
    expect(adapter.operations.taxStatusByUscc.stats.calls).toBe(0);
  });

  it('accepts a lower-case code and answers under its canonical spelling', async () => {
    const status = await adapter.taxStatus(newAdapterContext(), ` ${GOLDEN.pharmacy.toLowerCase()} `);
    expect([status?.uscc, status?.registeredOn]).toEqual([GOLDEN.pharmacy, '2017-09-12']);
  });

  it('splits a batch larger than maxBatchSize into queries of at most that many keys', async () => {
    const small = createTaxAdapter({ url: mock.url, maxBatchSize: 2 });
    const ctx = newAdapterContext();
    await Promise.all(
      [GOLDEN.restaurant, GOLDEN.pharmacy, GOLDEN.supermarket].map((u) => small.taxStatus(ctx, u)),
    );
    expect(small.operations.taxStatusByUscc.stats).toEqual({
      calls: 2,
      keys: 3,
      cacheHits: 0,
      staleServes: 0,
    });
    await small.close();
  });

  it('serves a second request from the cache without a query', async () => {
    const cached = createTaxAdapter({ url: mock.url, cache: new MemoryCache() });
    await cached.taxStatus(newAdapterContext(), GOLDEN.supermarket);
    const again = await cached.taxStatus(newAdapterContext(), GOLDEN.supermarket);
    expect(again?.arrears).toBe(1280.5);
    expect(cached.operations.taxStatusByUscc.stats).toEqual({
      calls: 1,
      keys: 1,
      cacheHits: 1,
      staleServes: 0,
    });
    await cached.close();
  });

  it('reads every bulk company of the world in one query per 100', async () => {
    const world = loadWorld({ people: 50 });
    const ctx = newAdapterContext();
    const usccs = world.world.tax.map((t) => t.uscc);
    const results = await Promise.all(usccs.map((u) => adapter.taxStatus(ctx, u)));
    expect(results.map((r) => r?.creditRating)).toEqual(world.world.tax.map((t) => t.creditRating));
    expect(results.map((r) => r?.arrears)).toEqual(world.world.tax.map((t) => t.arrears));
    expect(adapter.operations.taxStatusByUscc.stats.calls).toBe(Math.ceil(usccs.length / 100));
  });
});
