import { DATA_CLASS_TTL_MS } from '../kit/data-class';
import { createPublicSecurityAdapter, type PublicSecurityAdapter } from './index';
import { fromEnv, resolveOptions } from './options';

// No call is made: the adapter is built only to read its operation's resolved policy.
const adapters: PublicSecurityAdapter[] = [];
const ttlOf = (options: Parameters<typeof createPublicSecurityAdapter>[0]) => {
  const adapter = createPublicSecurityAdapter(options);
  adapters.push(adapter);
  return [adapter.personOperation.dataClass, adapter.personOperation.policy.cacheTtlMs];
};
afterAll(() => Promise.all(adapters.map((a) => a.close())));

describe('public-security cache TTL', () => {
  it('is the identity data class TTL (1 h) when no cacheTtlMs is set', () => {
    expect(resolveOptions().cacheTtlMs).toBeUndefined();
    expect(ttlOf({})).toEqual(['identity', DATA_CLASS_TTL_MS.identity]);
    expect(DATA_CLASS_TTL_MS.identity).toBe(3_600_000);
  });

  it('is the cacheTtlMs option, or PUBLIC_SECURITY_CACHE_TTL_MS, when set', () => {
    expect(ttlOf({ cacheTtlMs: 120_000 })).toEqual(['identity', 120_000]);
    expect(ttlOf(fromEnv({ PUBLIC_SECURITY_CACHE_TTL_MS: '90000' }))).toEqual(['identity', 90_000]);
  });

  it('refuses a cacheTtlMs the policy could not hold, naming the option or the variable', () => {
    expect(() => resolveOptions({ cacheTtlMs: 0 })).toThrow(
      'cacheTtlMs must be a whole number from 1 to 86400000: 0',
    );
    expect(() => fromEnv({ PUBLIC_SECURITY_CACHE_TTL_MS: '172800000' })).toThrow(
      'PUBLIC_SECURITY_CACHE_TTL_MS: cacheTtlMs must be a whole number from 1 to 86400000: 172800000',
    );
  });
});
