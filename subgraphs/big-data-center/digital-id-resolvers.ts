import type { BigDataCenterAdapter, DigitalIdVerification, HolderRef } from '../../adapters/big-data-center';
import { DataLayerError } from '../../adapters/kit/errors';
import type { DigitalIdCodeResolvers, MutationResolvers } from './generated/resolvers-types';
import type { DigitalIdCodeParent } from './model';
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
    issueDigitalId: (_root, { person, company, scene }, ctx) =>
      adapter.issueDigitalId(ctx.adapter, holderOf(person, company), scene),
    verifyDigitalId: async (_root, { code, scene }) => view(await adapter.verifyDigitalId(code, scene)),
  };
}

/**
 * An issued code's fields. Its QR image costs 10–30 ms of CPU to draw, so it is drawn only for a
 * client that selects it: an app that renders the QR itself from `code` (codes live a minute, so
 * apps ask often) costs the subgraph nothing more.
 */
export function digitalIdCodeResolvers(): DigitalIdCodeResolvers {
  /** One drawing per issued code, however many aliases of the field a query selects. */
  const drawings = new WeakMap<DigitalIdCodeParent, Promise<string>>();
  return {
    qrPngBase64: (issued) => {
      let drawing = drawings.get(issued);
      if (!drawing) {
        // A slightly larger scale than paper: phone screens are scanned from further away.
        drawing = qrPng(issued.code, 6).then((png) => png.toString('base64'));
        drawings.set(issued, drawing);
      }
      return drawing;
    },
  };
}
