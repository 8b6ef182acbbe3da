import { DATA_CLASS_TTL_MS } from '../kit/data-class';
import { createHumanResourcesAdapter, type HumanResourcesAdapter } from './index';
import { fromEnv, resolveOptions } from './options';

// No call is made: the adapter is built only to read its operation's resolved policy.
const adapters: HumanResourcesAdapter[] = [];
const ttlOf = (options: Parameters<typeof createHumanResourcesAdapter>[0]) => {
  const adapter = createHumanResourcesAdapter(options);
  adapters.push(adapter);
  const op = adapter.operations.socialSecurityByPerson;
  return [op.dataClass, op.policy.cacheTtlMs];
};
afterAll(() => Promise.all(adapters.map((a) => a.close())));

describe('human-resources cache TTL', () => {
  it('is the social-security data class TTL (10 min) when no cacheTtlMs is set', () => {
    expect(resolveOptions({}).cacheTtlMs).toBeUndefined();
    expect(ttlOf({})).toEqual(['social-security', DATA_CLASS_TTL_MS['social-security']]);
    expect(DATA_CLASS_TTL_MS['social-security']).toBe(600_000);
  });

  it('is the cacheTtlMs option, or HUMAN_RESOURCES_CACHE_TTL_MS, when set', () => {
    expect(ttlOf({ cacheTtlMs: 120_000 })).toEqual(['social-security', 120_000]);
    expect(ttlOf(fromEnv({ HUMAN_RESOURCES_CACHE_TTL_MS: '90000' }))).toEqual(['social-security', 90_000]);
  });
});
