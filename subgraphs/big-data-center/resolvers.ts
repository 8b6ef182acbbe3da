import type { BigDataCenterAdapter, CertificateFilter, HolderRef } from '../../adapters/big-data-center';
import type { SubgraphContext } from '../kit/context';
import { digitalIdCodeResolvers, digitalIdMutations } from './digital-id-resolvers';
import type { Resolvers } from './generated/resolvers-types';
import type { CompanyParent, PersonParent } from './model';
import { printableCertificate } from './printable/printable';

function filterOf(args: { status?: CertificateFilter['status']; type?: string | null }): CertificateFilter {
  return { status: args.status ?? null, type: args.type ?? null };
}

/**
 * Resolvers of the certificate library and the digital ID. Every holder's certificates
 * go through the adapter's batched operation, so a list of N people costs one legacy request.
 */
export function createResolvers(adapter: BigDataCenterAdapter, now: () => number = Date.now): Resolvers {
  const byHolder = (ctx: SubgraphContext, holder: HolderRef, args: Parameters<typeof filterOf>[0]) =>
    adapter.certificatesByHolder(ctx.adapter, holder, filterOf(args));
  return {
    Query: {
      certificate: (_root, { id }, ctx) => adapter.certificate(ctx.adapter, id),
      verifyCertificate: (_root, args, ctx) => adapter.verifyCertificate(ctx.adapter, args),
    },
    Mutation: digitalIdMutations(adapter),
    DigitalIdCode: digitalIdCodeResolvers(),
    Certificate: {
      __resolveReference: (ref, ctx) => adapter.certificate(ctx.adapter, ref.id),
      issuer: (c) => ({ code: c.issuerCode }),
      holder: (c): PersonParent | CompanyParent =>
        c.holderType === 'COMPANY'
          ? { holderType: 'COMPANY', uscc: c.holderId }
          : { holderType: 'PERSON', id: c.holderId },
      revokedAt: (c) => c.revokedAt ?? null,
      revocationReason: (c) => c.revocationReason ?? null,
      printable: (c) => printableCertificate(c, new Date(now())),
    },
    CertificateHolder: {
      __resolveType: (holder) => (holder.holderType === 'COMPANY' || 'uscc' in holder ? 'Company' : 'Person'),
    },
    Person: {
      certificates: (person, args, ctx) => byHolder(ctx, { type: 'PERSON', id: person.id }, args),
    },
    Company: {
      certificates: (company, args, ctx) => byHolder(ctx, { type: 'COMPANY', id: company.uscc }, args),
    },
  };
}
