import type { AdapterContext } from '../../adapters/kit/operation';
import type { Person, PublicSecurityAdapter } from '../../adapters/public-security';
import type { Resolvers } from './generated/resolvers-types';

/**
 * Relatives in one batched load. A relative the registry no longer holds is left out;
 * a failed load fails the whole field (it is nullable, so only it turns null).
 */
async function relatives(
  adapter: PublicSecurityAdapter,
  ctx: AdapterContext,
  ids: readonly (string | null)[],
): Promise<Person[]> {
  const slots = await adapter.peopleByIds(
    ctx,
    ids.filter((id): id is string => id !== null),
  );
  const failed = slots.find((s): s is Error => s instanceof Error);
  if (failed) throw failed;
  return slots.filter((s): s is Person => s !== null);
}

export function buildResolvers(adapter: PublicSecurityAdapter): Resolvers {
  return {
    Query: {
      person: (_, { id }, ctx) => adapter.personById(ctx.adapter, id),
    },
    Person: {
      // Every representation of a request goes through the same per-request loader: one QueryPersonBatch per 50.
      __resolveReference: (ref, ctx) => adapter.personById(ctx.adapter, ref.id),
      parents: (p, _, ctx) => relatives(adapter, ctx.adapter, [p.fatherId, p.motherId]),
      children: (p, _, ctx) => relatives(adapter, ctx.adapter, p.childIds),
    },
  };
}
