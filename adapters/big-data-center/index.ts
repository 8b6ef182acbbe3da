import { LegacyOperation, type AdapterContext } from '../kit/operation';
import { parseCertificateId, parseIssuerCode } from './certificate-id';
import { BigDataCenterClient } from './client';
import { badReply, DEPARTMENT } from './errors';
import { holderKey, parseHolder } from './holder';
import type { Certificate, CertificateFilter, HolderRef, IssuerPublicKey } from './model';
import { resolveOptions, type BigDataCenterAdapterOptions } from './options';

export type {
  Certificate,
  CertificateFilter,
  CertificateStatus,
  HolderRef,
  HolderType,
  IssuerPublicKey,
} from './model';
export { fromEnv, type BigDataCenterAdapterOptions } from './options';
export { canonicalCertificatePayload, issuerSignatureValid } from './issuer-signature';

export interface BigDataCenterAdapter {
  /** One certificate by library id; null when the library has none. Invalid id: INVALID_ARGUMENT, no request. */
  certificate(ctx: AdapterContext, id: string): Promise<Certificate | null>;
  /**
   * A holder's certificates (empty when none), narrowed by `filter`. All holders asked for
   * in one request share one legacy call; the filter is applied here so one cached list
   * per holder serves every filter.
   */
  certificatesByHolder(
    ctx: AdapterContext,
    holder: HolderRef,
    filter?: CertificateFilter,
  ): Promise<Certificate[]>;
  /** An issuing department's published Ed25519 key; null when the platform knows no such issuer. */
  issuerPublicKey(ctx: AdapterContext, issuerCode: string): Promise<IssuerPublicKey | null>;
  /** Is the platform reachable and does it accept our credentials? */
  ready(): Promise<boolean>;
  close(): Promise<void>;
  readonly operations: {
    certificateById: LegacyOperation<string, Certificate>;
    certificatesByHolder: LegacyOperation<HolderRef, Certificate[]>;
    issuerKeyByCode: LegacyOperation<string, IssuerPublicKey>;
  };
}

/** The Big Data Center adapter: the electronic certificate library behind the platform's signed REST API. */
export function createBigDataCenterAdapter(options: BigDataCenterAdapterOptions = {}): BigDataCenterAdapter {
  const o = resolveOptions(options);
  const client = new BigDataCenterClient(o);
  const shared = { department: DEPARTMENT, cache: o.cache, breaker: o.breaker };

  const certificateById = new LegacyOperation<string, Certificate>({
    ...shared,
    name: 'certificate.byId',
    maxBatchSize: o.maxBatchSize,
    cacheTtlMs: o.cacheTtlMs,
    batch: async (ids, ctx) => {
      const found = new Map((await client.batchGet(ids, ctx.signal)).map((c) => [c.id, c]));
      return ids.map((id) => found.get(id) ?? null);
    },
  });

  const certificatesByHolder = new LegacyOperation<HolderRef, Certificate[]>({
    ...shared,
    name: 'certificates.byHolder',
    maxBatchSize: o.maxBatchSize,
    cacheTtlMs: o.cacheTtlMs,
    cacheKey: holderKey,
    batch: async (holders, ctx) => {
      const byHolder = new Map<string, Certificate[]>(holders.map((h) => [holderKey(h), []]));
      for (const c of await client.searchByHolders(holders, ctx.signal)) {
        const list = byHolder.get(holderKey({ type: c.holderType, id: c.holderId }));
        if (!list)
          throw badReply(
            `searchByHolders returned ${c.id} of ${c.holderType} ${c.holderId}, a holder not asked for`,
          );
        list.push(c);
      }
      return holders.map((h) => byHolder.get(holderKey(h))!);
    },
  });

  // The platform publishes keys one issuer at a time; there are only a handful and they are cached for long.
  const issuerKeyByCode = new LegacyOperation<string, IssuerPublicKey>({
    ...shared,
    name: 'issuerKey.byCode',
    cacheTtlMs: o.keyCacheTtlMs,
    batch: (codes, ctx) =>
      Promise.all(
        codes.map((code) => client.issuerPublicKey(code, ctx.signal).catch((e: unknown) => e as Error)),
      ),
  });

  return {
    certificate: async (ctx, id) => certificateById.load(ctx, parseCertificateId(id)),
    certificatesByHolder: async (ctx, holder, filter = {}) => {
      const all = (await certificatesByHolder.load(ctx, parseHolder(holder))) ?? [];
      return all.filter(
        (c) => (!filter.status || c.status === filter.status) && (!filter.type || c.type === filter.type),
      );
    },
    issuerPublicKey: async (ctx, issuerCode) => issuerKeyByCode.load(ctx, parseIssuerCode(issuerCode)),
    ready: () => client.ping().catch(() => false),
    close: () => client.close(),
    operations: { certificateById, certificatesByHolder, issuerKeyByCode },
  };
}
