import { DATA_CLASS_TTL_MS } from '../kit/data-class';
import { createMarketSupervisionAdapter, type MarketSupervisionAdapter } from './index';
import { fromEnv, resolveOptions } from './options';

// No call is made: the adapter is built only to read its operations' resolved policies.
const adapters: MarketSupervisionAdapter[] = [];
const ttlsOf = (options: Parameters<typeof createMarketSupervisionAdapter>[0]) => {
  const adapter = createMarketSupervisionAdapter(options);
  adapters.push(adapter);
  const { companyByUscc, companiesByLegalRep, licencesByCompany } = adapter.operations;
  return [companyByUscc, companiesByLegalRep, licencesByCompany].map((op) => [
    op.name,
    op.dataClass,
    op.policy.cacheTtlMs,
  ]);
};
const all = (ttl: number) => [
  ['company.byUscc', 'registration', ttl],
  ['companies.byLegalRep', 'registration', ttl],
  ['licences.byCompany', 'registration', ttl],
];
afterAll(() => Promise.all(adapters.map((a) => a.close())));

describe('market-supervision cache TTL', () => {
  it('is the registration data class TTL (10 min) for every operation when no cacheTtlMs is set', () => {
    expect(resolveOptions({}).cacheTtlMs).toBeUndefined();
    expect(ttlsOf({})).toEqual(all(DATA_CLASS_TTL_MS.registration));
    expect(DATA_CLASS_TTL_MS.registration).toBe(600_000);
  });

  it('is the cacheTtlMs option, or MARKET_SUPERVISION_CACHE_TTL_MS, when set', () => {
    expect(ttlsOf({ cacheTtlMs: 120_000 })).toEqual(all(120_000));
    expect(ttlsOf(fromEnv({ MARKET_SUPERVISION_CACHE_TTL_MS: '90000' }))).toEqual(all(90_000));
  });
});
