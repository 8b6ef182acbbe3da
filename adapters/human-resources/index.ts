import type { DataLayerError } from '../kit/errors';
import { parseIdentity } from '../kit/identity';
import { LegacyOperation, type AdapterContext } from '../kit/operation';
import { HumanResourcesClient } from './client';
import { DEPARTMENT } from './errors';
import { toSocialSecurity } from './mapping';
import type { SocialSecurity } from './model';
import { resolveOptions, type HumanResourcesAdapterOptions } from './options';

export type { SocialSecurity, SocialSecurityStatus } from './model';
export { fromEnv, HUMAN_RESOURCES_DEFAULTS, type HumanResourcesAdapterOptions } from './options';

export interface HumanResourcesAdapter {
  /**
   * A person's social security record, null when the system has none. An invalid identity
   * number throws INVALID_IDENTITY_NUMBER without asking the system.
   */
  socialSecurityByPerson(ctx: AdapterContext, personId: string): Promise<SocialSecurity | null>;
  readonly operations: { readonly socialSecurityByPerson: LegacyOperation<string, SocialSecurity> };
  /** Whether the legacy system answers (false in its maintenance window). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** The adapter for the Human Resources and Social Security bulk CSV system. */
export function createHumanResourcesAdapter(
  options: HumanResourcesAdapterOptions = {},
): HumanResourcesAdapter {
  const o = resolveOptions(options);
  const client = new HumanResourcesClient(o);
  const socialSecurityByPerson = new LegacyOperation<string, SocialSecurity>({
    department: DEPARTMENT,
    name: 'socialSecurity.byPerson',
    maxBatchSize: o.maxBatchSize,
    // A bulk query of many ids costs the system about what one id does: one call per connection
    // at a time, and the ids of every request that came meanwhile go together in the next. How
    // many at once follows the system's latency, from `connections` up to `maxConnections`.
    maxConcurrentCalls: { initial: o.connections, max: o.maxConnections },
    cache: o.cache,
    // The data class sets the TTL (CACHE_TTL_MS_BY_DATA_CLASS); only an explicit cacheTtlMs option overrides it.
    dataClass: 'social-security',
    cacheTtlMs: o.cacheTtlMs,
    breaker: { timeoutMs: o.timeoutMs, ...o.breaker },
    // One bulk POST for the whole batch; a row that does not map fails only its own person.
    batch: async (ids, ctx) => {
      const found = await client.query(ids, ctx);
      return ids.map((id) => {
        const record = found.get(id);
        if (!record) return null;
        try {
          return toSocialSecurity(id, record);
        } catch (e) {
          return e as DataLayerError;
        }
      });
    },
  });
  return {
    operations: { socialSecurityByPerson },
    async socialSecurityByPerson(ctx, personId) {
      return socialSecurityByPerson.load(ctx, parseIdentity(personId).id);
    },
    ready: () => client.ping(),
    close: () => client.close(),
  };
}
