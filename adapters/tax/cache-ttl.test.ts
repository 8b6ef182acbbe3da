import { DATA_CLASS_TTL_MS } from '../kit/data-class';
import { createTaxAdapter, type TaxAdapter } from './index';
import { fromEnv, resolveTaxOptions } from './options';
import { tempSqlitePath } from './test-support';

// No query is made (the SQLite file is opened lazily): the adapter is built only to read its operation's policy.
const adapters: TaxAdapter[] = [];
const url = `sqlite:${tempSqlitePath('cache-ttl')}`;
const ttlOf = (options: Parameters<typeof createTaxAdapter>[0]) => {
  const adapter = createTaxAdapter({ url, ...options });
  adapters.push(adapter);
  const op = adapter.operations.taxStatusByUscc;
  return [op.dataClass, op.policy.cacheTtlMs];
};
afterAll(() => Promise.all(adapters.map((a) => a.close())));

describe('tax cache TTL', () => {
  it('is the tax-status data class TTL (10 min) when no cacheTtlMs is set', () => {
    expect(resolveTaxOptions({}).cacheTtlMs).toBeUndefined();
    expect(ttlOf({})).toEqual(['tax-status', DATA_CLASS_TTL_MS['tax-status']]);
    expect(DATA_CLASS_TTL_MS['tax-status']).toBe(600_000);
  });

  it('is the cacheTtlMs option, or TAX_CACHE_TTL_MS, when set', () => {
    expect(ttlOf({ cacheTtlMs: 120_000 })).toEqual(['tax-status', 120_000]);
    expect(fromEnv({ TAX_CACHE_TTL_MS: '90000' }).cacheTtlMs).toBe(90_000);
    expect(ttlOf({ cacheTtlMs: fromEnv({ TAX_CACHE_TTL_MS: '90000' }).cacheTtlMs })).toEqual([
      'tax-status',
      90_000,
    ]);
  });

  it('refuses a cacheTtlMs the policy could not hold, naming the option or the variable', () => {
    expect(() => resolveTaxOptions({ cacheTtlMs: 1.5 })).toThrow(
      'cacheTtlMs must be a whole number from 1 to 86400000: 1.5',
    );
    expect(() => fromEnv({ TAX_CACHE_TTL_MS: '172800000' })).toThrow(
      'TAX_CACHE_TTL_MS must be a whole number from 1 to 86400000: 172800000',
    );
    expect(() => fromEnv({ TAX_CACHE_TTL_MS: 'long' })).toThrow(
      'TAX_CACHE_TTL_MS must be a whole number from 1 to 86400000: long',
    );
  });
});
