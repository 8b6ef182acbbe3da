import type { AdapterContext } from '../../adapters/kit/operation';
import type { Person, PublicSecurityAdapter } from '../../adapters/public-security';
import { isClientSideError } from '../../adapters/kit/errors';
import { parseIdentity } from '../../adapters/kit/identity';
import type { Resolvers } from './generated/resolvers-types';
import type { PersonParent } from './model';

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

/**
 * The person by identity number. An invalid number is refused; while the registry fails, the
 * person stands with the error kept for the registry's own fields (see PersonParent).
 */
async function person(
  adapter: PublicSecurityAdapter,
  ctx: AdapterContext,
  id: string,
): Promise<PersonParent | null> {
  try {
    return await adapter.personById(ctx, id);
  } catch (e) {
    if (isClientSideError(e)) throw e;
    return { id: parseIdentity(id).id, unavailable: e as Error };
  }
}

/** A field of the registry's record, or the registry's failure for this person. */
function field<K extends keyof Person>(key: K) {
  return (p: PersonParent): Person[K] => {
    if ('unavailable' in p) throw p.unavailable;
    return p[key];
  };
}

function record(p: PersonParent): Person {
  if ('unavailable' in p) throw p.unavailable;
  return p;
}

export function buildResolvers(adapter: PublicSecurityAdapter): Resolvers {
  return {
    Query: {
      person: (_, { id }, ctx) => person(adapter, ctx.adapter, id),
    },
    Person: {
      // Every representation of a request goes through the same per-request loader: one QueryPersonBatch per 50.
      __resolveReference: (ref, ctx) => person(adapter, ctx.adapter, ref.id),
      name: field('name'),
      nameLatin: field('nameLatin'),
      documentType: field('documentType'),
      documentNumber: field('documentNumber'),
      nationality: field('nationality'),
      sex: field('sex'),
      birthDate: field('birthDate'),
      householdAddress: field('householdAddress'),
      parents: (p, _, ctx) => relatives(adapter, ctx.adapter, [record(p).fatherId, record(p).motherId]),
      children: (p, _, ctx) => relatives(adapter, ctx.adapter, record(p).childIds),
    },
  };
}
