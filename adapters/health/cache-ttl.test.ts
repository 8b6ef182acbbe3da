import { DATA_CLASS_TTL_MS } from '../kit/data-class';
import { createHealthAdapter, type HealthAdapter } from './index';
import { fromEnv, resolveHealthOptions } from './options';

// No call is made: the adapter is built only to read its operations' resolved policies.
const adapters: HealthAdapter[] = [];
const ttlsOf = (options: Parameters<typeof createHealthAdapter>[0]) => {
  const adapter = createHealthAdapter(options);
  adapters.push(adapter);
  const { personDocuments, companyPermits } = adapter.operations;
  return [personDocuments, companyPermits].map((op) => [op.name, op.dataClass, op.policy.cacheTtlMs]);
};
const all = (ttl: number) => [
  ['documents.byPerson', 'health', ttl],
  ['permits.byCompany', 'health', ttl],
];
afterAll(() => Promise.all(adapters.map((a) => a.close())));

describe('health cache TTL', () => {
  it('is the health data class TTL (5 min) for every operation when no cacheTtlMs is set', () => {
    expect(resolveHealthOptions({}).cacheTtlMs).toBeUndefined();
    expect(ttlsOf({})).toEqual(all(DATA_CLASS_TTL_MS.health));
    expect(DATA_CLASS_TTL_MS.health).toBe(300_000);
  });

  it('is the cacheTtlMs option, or HEALTH_CACHE_TTL_MS, when set', () => {
    expect(ttlsOf({ cacheTtlMs: 120_000 })).toEqual(all(120_000));
    expect(ttlsOf(fromEnv({ HEALTH_CACHE_TTL_MS: '90000' }))).toEqual(all(90_000));
  });

  it('refuses a cacheTtlMs the policy could not hold, naming the option or the variable', () => {
    expect(() => resolveHealthOptions({ cacheTtlMs: 1.5 })).toThrow(
      'cacheTtlMs must be a whole number from 1 to 86400000: 1.5',
    );
    expect(() => fromEnv({ HEALTH_CACHE_TTL_MS: '172800000' })).toThrow(
      'HEALTH_CACHE_TTL_MS must be a whole number from 1 to 86400000: 172800000',
    );
  });
});
