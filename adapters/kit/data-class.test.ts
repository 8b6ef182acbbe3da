import { DATA_CLASS_TTL_MS, dataClassTtls, type DataClass } from './data-class';
import { LegacyOperation } from './operation';

let serial = 0;
const op = (options: { dataClass?: DataClass; cacheTtlMs?: number; policy?: { cacheTtlMs: number } }) =>
  new LegacyOperation<string, string>({
    department: `data-class-${++serial}`,
    name: 'thing.byId',
    batch: async (keys) => keys,
    ...options,
  });

describe('cache TTL per data class', () => {
  it('gives identity records long and certificates and cases short TTLs by default', () => {
    expect(DATA_CLASS_TTL_MS).toEqual({
      identity: 3_600_000,
      registration: 600_000,
      property: 1_800_000,
      'social-security': 600_000,
      'tax-status': 600_000,
      health: 300_000,
      certificate: 60_000,
      case: 5_000,
      reference: 3_600_000,
      'signing-key': 3_600_000,
    });
  });

  it("sets an operation's cacheTtlMs from its class, below the adapter's explicit TTL", () => {
    expect(op({ dataClass: 'identity' }).policy.cacheTtlMs).toBe(3_600_000);
    expect(op({ dataClass: 'certificate' }).policy.cacheTtlMs).toBe(60_000);
    expect(op({}).policy.cacheTtlMs).toBe(60_000); // no class: the policy default
    expect(op({ dataClass: 'identity', cacheTtlMs: 120_000 }).policy.cacheTtlMs).toBe(120_000);
    expect(op({ dataClass: 'identity', policy: { cacheTtlMs: 90_000 } }).policy.cacheTtlMs).toBe(90_000);
  });

  it('refuses a class it does not know, naming the known ones', () => {
    expect(() => op({ dataClass: 'gossip' as DataClass })).toThrow(
      'dataClass must be one of identity, registration, property, social-security, tax-status, health, certificate, case, reference, signing-key: gossip',
    );
  });

  it("takes the operator's CACHE_TTL_MS_BY_DATA_CLASS over the defaults", () => {
    const ttls = dataClassTtls({ CACHE_TTL_MS_BY_DATA_CLASS: '{"certificate": 30000, "identity": 7200000}' });
    expect([ttls.certificate, ttls.identity, ttls.case]).toEqual([30_000, 7_200_000, 5_000]);
    expect(dataClassTtls({})).toEqual(DATA_CLASS_TTL_MS);
  });

  it('refuses a bad CACHE_TTL_MS_BY_DATA_CLASS naming what is wrong', () => {
    const bad = (text: string) => () => dataClassTtls({ CACHE_TTL_MS_BY_DATA_CLASS: text });
    expect(bad('{"certificat": 1000}')).toThrow(
      'CACHE_TTL_MS_BY_DATA_CLASS.certificat is not a data class (known: identity, registration, property, social-security, tax-status, health, certificate, case, reference, signing-key)',
    );
    expect(bad('{"case": 0}')).toThrow(
      'CACHE_TTL_MS_BY_DATA_CLASS.case must be a whole number from 1 to 86400000: 0',
    );
    expect(bad('{"case": "5s"}')).toThrow(
      'CACHE_TTL_MS_BY_DATA_CLASS.case must be a whole number from 1 to 86400000: "5s"',
    );
    expect(bad('[1]')).toThrow(
      'CACHE_TTL_MS_BY_DATA_CLASS must be a JSON object of TTLs in ms by data class',
    );
    expect(bad('{')).toThrow(/^CACHE_TTL_MS_BY_DATA_CLASS is not valid JSON: /);
  });
});
