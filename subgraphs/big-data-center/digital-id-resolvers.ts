import type { BigDataCenterAdapter, DigitalIdVerification, HolderRef } from '../../adapters/big-data-center';
import { DataLayerError } from '../../adapters/kit/errors';
import type { MutationResolvers } from './generated/resolvers-types';
import { qrPng } from './printable/qr-image';

function holderOf(person?: string | null, company?: string | null): HolderRef {
  if ((person == null) === (company == null))
    throw new DataLayerError('INVALID_ARGUMENT', 'give exactly one of person or company', {
      department: 'big-data-center',
    });
  return person != null ? { type: 'PERSON', id: person } : { type: 'COMPANY', id: company! };
}

const view = (v: DigitalIdVerification) => {
  const { holderType, ...rest } = v;
  return { ...rest, holderKind: holderType };
};

/** Suishenma: issue through the library, verify locally (the adapter holds the published keys). */
export function digitalIdMutations(adapter: BigDataCenterAdapter): MutationResolvers {
  return {
    issueDigitalId: async (_root, { person, company, scene }, ctx) => {
      const issued = await adapter.issueDigitalId(ctx.adapter, holderOf(person, company), scene);
      // A slightly larger scale than paper: phone screens are scanned from further away.
      return { ...issued, qrPngBase64: (await qrPng(issued.code, 6)).toString('base64') };
    },
    verifyDigitalId: async (_root, { code, scene }) => view(await adapter.verifyDigitalId(code, scene)),
  };
}
