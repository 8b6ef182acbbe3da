import type { HousingAdapter } from '../../adapters/housing';
import type { Resolvers } from './generated/resolvers-types';

/**
 * Resolvers over the housing adapter. Entity references resolve to their key alone: the
 * `properties` fields of all persons and companies in one request load through the same
 * DataLoader, so they go to the register as one QOWN exchange (20 owners each).
 */
export function buildResolvers(adapter: HousingAdapter): Resolvers {
  return {
    Query: {
      propertyByCertificateNumber: (_parent, { certificateNumber }, ctx) =>
        adapter.propertyByCertificateNumber(ctx.adapter, certificateNumber),
    },
    Person: {
      __resolveReference: (ref) => ({ id: ref.id }),
      // An owner the register does not know owns nothing registered: an empty list, not null (null means the register failed).
      properties: async (person, _args, ctx) =>
        (await adapter.propertiesByOwner(ctx.adapter, { type: 'PERSON', id: person.id })) ?? [],
    },
    Company: {
      __resolveReference: (ref) => ({ uscc: ref.uscc }),
      properties: async (company, _args, ctx) =>
        (await adapter.propertiesByOwner(ctx.adapter, { type: 'COMPANY', id: company.uscc })) ?? [],
    },
    Property: {
      certificate: (property) => ({ id: property.certificateId }),
    },
    PropertyOwner: {
      person: (owner) => (owner.type === 'PERSON' ? { id: owner.id } : null),
      company: (owner) => (owner.type === 'COMPANY' ? { uscc: owner.id } : null),
    },
  };
}
