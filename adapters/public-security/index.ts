import { HttpUpstream } from '../kit/http-upstream';
import { LegacyOperation, type AdapterContext } from '../kit/operation';
import { HouseholdClient } from './client';
import { DEPARTMENT } from './department';
import { toSlots } from './mapping';
import type { Person } from './model';
import { resolveOptions, type PublicSecurityAdapterOptions } from './options';
import { canonicalPersonId, queryFor } from './query';

export type { Person, Sex, DocumentType } from './model';
export { fromEnv, PUBLIC_SECURITY_DEFAULTS, type PublicSecurityAdapterOptions } from './options';

export interface PublicSecurityAdapter {
  /** The person with this id, or null when the registry has none. Invalid ids throw INVALID_IDENTITY_NUMBER, unasked. */
  personById(ctx: AdapterContext, id: string): Promise<Person | null>;
  /** Many people in as few QueryPersonBatch calls as the limit allows; each slot the Person, null or its Error. */
  peopleByIds(ctx: AdapterContext, ids: readonly string[]): Promise<(Person | null | Error)[]>;
  /** Is the household service reachable (its WSDL answers)? */
  ready(): Promise<boolean>;
  /** The batched, cached, breaker-guarded operation (its `stats` count legacy calls). */
  readonly personOperation: LegacyOperation<string, Person>;
  close(): Promise<void>;
}

/** The adapter of the public security household registry (SOAP 1.1, GB18030). */
export function createPublicSecurityAdapter(
  options: PublicSecurityAdapterOptions = {},
): PublicSecurityAdapter {
  const o = resolveOptions(options);
  const upstream = new HttpUpstream({
    department: DEPARTMENT,
    url: o.url,
    connections: o.connections,
    connectTimeoutMs: o.connectTimeoutMs,
    headersTimeoutMs: o.timeoutMs,
    bodyTimeoutMs: o.timeoutMs,
  });
  const client = new HouseholdClient({ upstream, servicePath: o.servicePath });
  // Keys are canonical ids, validated before they reach the loader: the batch only ever asks for real numbers.
  const personOperation = new LegacyOperation<string, Person>({
    department: DEPARTMENT,
    name: 'person.byId',
    maxBatchSize: o.maxBatchSize,
    cache: o.cache,
    // The data class sets the TTL (CACHE_TTL_MS_BY_DATA_CLASS); only an explicit cacheTtlMs option overrides it.
    dataClass: 'identity',
    cacheTtlMs: o.cacheTtlMs,
    breaker: o.breaker,
    batch: async (ids, ctx) => toSlots(ids, await client.queryPersonBatch(ids.map(queryFor), ctx)),
  });
  return {
    personById: async (ctx, id) => personOperation.load(ctx, canonicalPersonId(id)),
    peopleByIds: async (ctx, ids) => {
      const slots: (Person | null | Error)[] = new Array(ids.length);
      const valid: { i: number; id: string }[] = [];
      ids.forEach((raw, i) => {
        try {
          valid.push({ i, id: canonicalPersonId(raw) });
        } catch (e) {
          slots[i] = e as Error;
        }
      });
      const loaded = await personOperation.loadMany(
        ctx,
        valid.map((v) => v.id),
      );
      valid.forEach((v, j) => (slots[v.i] = loaded[j] as Person | null | Error));
      return slots;
    },
    ready: () => client.ready(),
    personOperation,
    close: () => upstream.close(),
  };
}
