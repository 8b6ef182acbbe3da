import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import { startTaxMock, type TaxMockHandle } from '../../mocks/tax/server';
import type { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { createTaxAdapter, type TaxAdapter } from './index';
import { removeFile, tempSqlitePath } from './test-support';

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: DataLayerError) => [e.code, e.department],
  );

describe('tax adapter: faults a SQLite file can show', () => {
  let mock: TaxMockHandle;
  let adapter: TaxAdapter;
  const file = tempSqlitePath('faults');

  beforeAll(async () => {
    mock = await startTaxMock({ world: loadWorld({ people: 50 }), sqlitePath: file, baseLatencyMs: 0 });
    // A breaker that never opens here: each fault must show its own error, not CIRCUIT_OPEN.
    adapter = createTaxAdapter({ url: mock.url, busyTimeoutMs: 100, breaker: { volumeThreshold: 1_000 } });
  });
  afterEach(() => mock.controller.clear());
  afterAll(async () => {
    await adapter.close();
    await mock.close();
    removeFile(file);
  });

  it('times out with DEPARTMENT_TIMEOUT while the bureau holds the file locked (hang)', async () => {
    mock.controller.set({ hang: true });
    const started = Date.now();
    expect(await codeOf(adapter.taxStatus(newAdapterContext(), GOLDEN.restaurant))).toEqual([
      'DEPARTMENT_TIMEOUT',
      'tax',
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('times out with DEPARTMENT_TIMEOUT during maintenance, and reads again once it is over', async () => {
    mock.controller.set({ maintenanceRetryAfter: 60 });
    expect(await codeOf(adapter.taxStatus(newAdapterContext(), GOLDEN.pharmacy))).toEqual([
      'DEPARTMENT_TIMEOUT',
      'tax',
    ]);
    mock.controller.clear();
    expect((await adapter.taxStatus(newAdapterContext(), GOLDEN.pharmacy))?.creditRating).toBe('A');
  });

  it('takes the fault over the admin endpoint like every mock', async () => {
    await fetch(`${mock.adminUrl}/faults`, { method: 'POST', body: JSON.stringify({ hang: true }) });
    expect(await codeOf(adapter.taxStatus(newAdapterContext(), GOLDEN.supermarket))).toEqual([
      'DEPARTMENT_TIMEOUT',
      'tax',
    ]);
    await fetch(`${mock.adminUrl}/faults`, { method: 'DELETE' });
    expect((await adapter.taxStatus(newAdapterContext(), GOLDEN.supermarket))?.arrears).toBe(1280.5);
  });

  it('answers DEPARTMENT_UNAVAILABLE when the database file does not exist', async () => {
    const missing = createTaxAdapter({ url: `sqlite:${tempSqlitePath('missing')}` });
    expect(await codeOf(missing.taxStatus(newAdapterContext(), GOLDEN.restaurant))).toEqual([
      'DEPARTMENT_UNAVAILABLE',
      'tax',
    ]);
    expect(await missing.ready()).toBe(false);
    expect(await adapter.ready()).toBe(true);
    await missing.close();
  });
});
