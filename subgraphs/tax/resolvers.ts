import type { TaxAdapter } from '../../adapters/tax';
import type { Resolvers } from './generated/resolvers-types';

/**
 * Company is owned by market supervision; this subgraph only adds `taxStatus`. The reference
 * resolver keeps the key and does no lookup, so an unregistered company still resolves and
 * a failure of the bureau nulls only `taxStatus`. All taxStatus fields of one request go to
 * the adapter's DataLoader: one view query for every company in the response.
 */
export function taxResolvers(adapter: TaxAdapter): Resolvers {
  return {
    Company: {
      __resolveReference: (ref) => ({ uscc: ref.uscc }),
      taxStatus: (company, _args, ctx) => adapter.taxStatus(ctx.adapter, company.uscc),
    },
    TaxStatus: {
      inGoodStanding: (t) => t.status === 'NORMAL' && t.arrears === 0 && t.creditRating !== 'D',
    },
  };
}
