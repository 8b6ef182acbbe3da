import { DATA_CLASS_TTL_MS } from '../kit/data-class';
import { createHousingAdapter, type HousingAdapter } from './index';
import { fromEnv, resolveHousingOptions } from './options';

// No call is made (the pool connects lazily): the adapter is built only to read its operations' policies.
const adapters: HousingAdapter[] = [];
const ttlsOf = (options: Parameters<typeof createHousingAdapter>[0]) => {
  const adapter = createHousingAdapter(options);
  adapters.push(adapter);
  const { byOwner, byCertificate } = adapter.operations;
  return [byOwner, byCertificate].map((op) => [op.name, op.dataClass, op.policy.cacheTtlMs]);
};
const all = (ttl: number) => [
  ['properties.byOwner', 'property', ttl],
  ['property.byCertificateNumber', 'property', ttl],
];
afterAll(() => Promise.all(adapters.map((a) => a.close())));

describe('housing cache TTL', () => {
  it('is the property data class TTL (30 min) for every operation when no cacheTtlMs is set', () => {
    expect(resolveHousingOptions({}).cacheTtlMs).toBeUndefined();
    expect(ttlsOf({})).toEqual(all(DATA_CLASS_TTL_MS.property));
    expect(DATA_CLASS_TTL_MS.property).toBe(1_800_000);
  });

  it('is the cacheTtlMs option, or HOUSING_CACHE_TTL_MS, when set', () => {
    expect(ttlsOf({ cacheTtlMs: 120_000 })).toEqual(all(120_000));
    expect(ttlsOf(fromEnv({ HOUSING_CACHE_TTL_MS: '90000' }))).toEqual(all(90_000));
  });

  it('refuses a cacheTtlMs the policy could not hold, naming the option or the variable', () => {
    expect(() => resolveHousingOptions({ cacheTtlMs: 0 })).toThrow(
      'cacheTtlMs must be a positive integer: 0',
    );
    expect(() => fromEnv({ HOUSING_CACHE_TTL_MS: '172800000' })).toThrow(
      'HOUSING_CACHE_TTL_MS: cacheTtlMs must be at most 86400000 (24 h): 172800000',
    );
  });
});
