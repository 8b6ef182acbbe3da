import type { HumanResourcesAdapter } from '../../adapters/human-resources';
import type { Resolvers } from './generated/resolvers-types';

/**
 * Person gains `socialSecurity`. References resolve to themselves (nothing fetched); the
 * field goes through the adapter's DataLoader, so all persons of one `_entities` call become
 * one bulk query to the HR system.
 */
export function buildResolvers(adapter: HumanResourcesAdapter): Resolvers {
  return {
    Person: {
      __resolveReference: (reference) => ({ id: reference.id }),
      socialSecurity: (person, _args, ctx) => adapter.socialSecurityByPerson(ctx.adapter, person.id),
    },
    SocialSecurity: {
      employer: (record) => (record.employerUscc ? { uscc: record.employerUscc } : null),
    },
  };
}
