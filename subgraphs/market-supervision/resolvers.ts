import type { MarketSupervisionAdapter } from '../../adapters/market-supervision';
import type { Resolvers } from './generated/resolvers-types';

/**
 * Resolvers over the market supervision adapter. Every read goes through the adapter's
 * per-request loaders, so N companies or N people in one query make one legacy query.
 */
export function createResolvers(adapter: MarketSupervisionAdapter): Resolvers {
  return {
    Query: {
      company: (_root, { uscc }, ctx) => adapter.companyByUscc(ctx.adapter, uscc),
    },
    Company: {
      __resolveReference: (ref, ctx) => adapter.companyByUscc(ctx.adapter, ref.uscc),
      // Only the key: public-security owns the person and resolves the name.
      legalRepresentative: (company) =>
        company.legalRepresentativeId ? { id: company.legalRepresentativeId } : null,
      licences: (company, _args, ctx) => adapter.licencesByCompany(ctx.adapter, company.uscc),
    },
    Licence: {
      certificate: (licence) => ({ id: licence.certificateId }),
    },
    Person: {
      // The person's core lives in public-security; here a person is only the key companies hang on.
      __resolveReference: (ref) => ({ id: ref.id }),
      companies: (person, _args, ctx) => adapter.companiesByLegalRep(ctx.adapter, person.id),
    },
  };
}
