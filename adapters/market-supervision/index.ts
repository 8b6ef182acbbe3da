import { parseIdentity, parseUscc } from '../kit/identity';
import { LegacyOperation, type AdapterContext, type BatchResult } from '../kit/operation';
import { MarketSupervisionClient } from './client';
import { DEPARTMENT } from './errors';
import { holderOf, legalRepIdOf, toCompany, toLicence, usccOf } from './mapping';
import type { Company, Licence } from './model';
import { resolveOptions, type MarketSupervisionAdapterOptions } from './options';

export type { Company, Licence } from './model';
export { fromEnv, type MarketSupervisionAdapterOptions } from './options';

export interface MarketSupervisionAdapter {
  readonly department: typeof DEPARTMENT;
  /** The company with this unified social credit code, or null. Throws INVALID_CREDIT_CODE before any call. */
  companyByUscc(ctx: AdapterContext, uscc: string): Promise<Company | null>;
  /** Companies whose legal representative is this person (empty when none). Throws INVALID_IDENTITY_NUMBER before any call. */
  companiesByLegalRep(ctx: AdapterContext, personId: string): Promise<Company[]>;
  /** Licences the company holds (empty when none). Throws INVALID_CREDIT_CODE before any call. */
  licencesByCompany(ctx: AdapterContext, uscc: string): Promise<Licence[]>;
  /** The legacy operations, for their breakers and statistics. */
  readonly operations: {
    companyByUscc: LegacyOperation<string, Company>;
    companiesByLegalRep: LegacyOperation<string, Company[]>;
    licencesByCompany: LegacyOperation<string, Licence[]>;
  };
  /** Whether the registry answers its health check. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

type LegacyRecord = Record<string, unknown>;

function groupBy(
  records: readonly LegacyRecord[],
  keyOf: (r: LegacyRecord) => string,
): Map<string, LegacyRecord[]> {
  const groups = new Map<string, LegacyRecord[]>();
  for (const r of records) {
    const k = keyOf(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/** One slot per key: its records mapped, or the mapping error of that key alone. */
function slots<V>(
  keys: readonly string[],
  groups: Map<string, LegacyRecord[]>,
  map: (rs: LegacyRecord[]) => V | null,
): BatchResult<V> {
  return keys.map((k) => {
    try {
      return map(groups.get(k) ?? []);
    } catch (e) {
      return e as Error;
    }
  });
}

/**
 * The market supervision adapter: companies, their legal representatives' companies and
 * their licences from the enterprise registry, each key list in one paged legacy query.
 */
export function createMarketSupervisionAdapter(
  options: MarketSupervisionAdapterOptions = {},
): MarketSupervisionAdapter {
  const o = resolveOptions(options);
  const client = new MarketSupervisionClient(o);
  const common = {
    department: DEPARTMENT,
    maxBatchSize: o.maxBatchSize,
    cache: o.cache,
    // The data class sets the TTL (CACHE_TTL_MS_BY_DATA_CLASS); only an explicit cacheTtlMs option overrides it.
    dataClass: 'registration' as const,
    cacheTtlMs: o.cacheTtlMs,
    breaker: o.breaker,
  };

  const companyByUscc = new LegacyOperation<string, Company>({
    ...common,
    name: 'company.byUscc',
    batch: async (usccs, ctx) => {
      const groups = groupBy(await client.enterprisesByUscc(usccs, ctx), usccOf);
      return slots(usccs, groups, (rs) => (rs[0] ? toCompany(rs[0]) : null));
    },
  });

  const companiesByLegalRep = new LegacyOperation<string, Company[]>({
    ...common,
    name: 'companies.byLegalRep',
    batch: async (ids, ctx) => {
      const groups = groupBy(await client.enterprisesByLegalRep(ids, ctx), legalRepIdOf);
      return slots(ids, groups, (rs) => rs.map(toCompany));
    },
  });

  const licencesByCompany = new LegacyOperation<string, Licence[]>({
    ...common,
    name: 'licences.byCompany',
    batch: async (usccs, ctx) => {
      const groups = groupBy(await client.licensesByUscc(usccs, ctx), holderOf);
      return slots(usccs, groups, (rs) => rs.map(toLicence));
    },
  });

  return {
    department: DEPARTMENT,
    companyByUscc: async (ctx, uscc) => companyByUscc.load(ctx, parseUscc(uscc)),
    companiesByLegalRep: async (ctx, personId) =>
      (await companiesByLegalRep.load(ctx, parseIdentity(personId).id)) ?? [],
    licencesByCompany: async (ctx, uscc) => (await licencesByCompany.load(ctx, parseUscc(uscc))) ?? [],
    operations: { companyByUscc, companiesByLegalRep, licencesByCompany },
    ready: () => client.healthy(),
    close: () => client.close(),
  };
}
