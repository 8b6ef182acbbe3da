import { MemoryCache } from '../kit/cache';
import { LegacyOperation, type AdapterContext } from '../kit/operation';
import { parseCertificateId, parseIssuerCode } from './certificate-id';
import { createCertificateVerifier } from './certificate-verification';
import { createCertificateWrites, type CertificateWrites } from './certificate-writes';
import { BigDataCenterClient } from './client';
import { createDigitalIdService, type DigitalIdService } from './digital-id';
import { parseVerifierKeys } from './digital-id-verifier-keys';
import { badReply, DEPARTMENT } from './errors';
import { holderKey, parseHolder } from './holder';
import type {
  Certificate,
  CertificateFilter,
  CertificateVerification,
  HolderRef,
  IssuerPublicKey,
  VerifyCertificateInput,
} from './model';
import { resolveOptions, type BigDataCenterAdapterOptions } from './options';
import { parseVerificationCode } from './verification-code';

export type {
  Certificate,
  CertificateFilter,
  CertificateStatus,
  CertificateVerification,
  DigitalIdCode,
  DigitalIdScene,
  DigitalIdVerification,
  HolderRef,
  HolderType,
  IssueCertificateInput,
  IssuerPublicKey,
  VerificationFailure,
  VerifyCertificateInput,
} from './model';
export { fromEnv, type BigDataCenterAdapterOptions } from './options';
export { canonicalCertificatePayload, issuerSignatureValid } from './issuer-signature';
export { decodeCertificateDocument, encodeCertificateDocument } from './certificate-document';
export { DIGITAL_ID_SCENES } from './digital-id-scenes';
export { DEMO_SUISHENMA_VERIFIER_KEY } from './digital-id-verifier-keys';

export interface BigDataCenterAdapter extends CertificateWrites, DigitalIdService {
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
  /** The certificate a printed verification code belongs to; null when none. Malformed code: INVALID_ARGUMENT. */
  certificateByVerificationCode(ctx: AdapterContext, code: string): Promise<Certificate | null>;
  /** An issuing department's published Ed25519 key; null when the platform knows no such issuer. */
  issuerPublicKey(ctx: AdapterContext, issuerCode: string): Promise<IssuerPublicKey | null>;
  /** Verifies by exactly one of id, paper QR payload or verification code (certificate-verification.ts). */
  verifyCertificate(ctx: AdapterContext, input: VerifyCertificateInput): Promise<CertificateVerification>;
  /** Is the platform reachable and does it accept our credentials? */
  ready(): Promise<boolean>;
  close(): Promise<void>;
  readonly operations: {
    certificateById: LegacyOperation<string, Certificate>;
    certificatesByHolder: LegacyOperation<HolderRef, Certificate[]>;
    certificateByVerificationCode: LegacyOperation<string, Certificate>;
    issuerKeyByCode: LegacyOperation<string, IssuerPublicKey>;
  };
}

/**
 * The Big Data Center adapter: the electronic certificate library (reads, writes,
 * verification) and the Suishenma digital ID behind the platform's signed REST API.
 */
export function createBigDataCenterAdapter(options: BigDataCenterAdapterOptions = {}): BigDataCenterAdapter {
  const o = resolveOptions(options);
  const client = new BigDataCenterClient(o);
  const shared = { department: DEPARTMENT, cache: o.cache, breaker: o.breaker };
  // The data class sets the TTL (CACHE_TTL_MS_BY_DATA_CLASS); only an explicit cacheTtlMs option overrides it.
  const certificateTtl = { dataClass: 'certificate' as const, cacheTtlMs: options.cacheTtlMs };

  const certificateById = new LegacyOperation<string, Certificate>({
    ...shared,
    name: 'certificate.byId',
    maxBatchSize: o.maxBatchSize,
    ...certificateTtl,
    batch: async (ids, ctx) => {
      const found = new Map((await client.batchGet(ids, ctx)).map((c) => [c.id, c]));
      return ids.map((id) => found.get(id) ?? null);
    },
  });

  const certificatesByHolder = new LegacyOperation<HolderRef, Certificate[]>({
    ...shared,
    name: 'certificates.byHolder',
    maxBatchSize: o.maxBatchSize,
    ...certificateTtl,
    cacheKey: holderKey,
    batch: async (holders, ctx) => {
      const byHolder = new Map<string, Certificate[]>(holders.map((h) => [holderKey(h), []]));
      for (const c of await client.searchByHolders(holders, ctx)) {
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

  // The platform looks codes up one at a time; a terminal verifies one paper at a time anyway.
  const certificateByVerificationCode = new LegacyOperation<string, Certificate>({
    ...shared,
    name: 'certificate.byVerificationCode',
    ...certificateTtl,
    batch: (codes, ctx) =>
      Promise.all(
        codes.map((code) => client.findByVerificationCode(code, ctx).catch((e: unknown) => e as Error)),
      ),
  });

  // The platform publishes keys one issuer at a time; there are only a handful and they are cached for long.
  const issuerKeyByCode = new LegacyOperation<string, IssuerPublicKey>({
    ...shared,
    name: 'issuerKey.byCode',
    dataClass: 'signing-key',
    cacheTtlMs: options.keyCacheTtlMs,
    batch: (codes, ctx) =>
      Promise.all(codes.map((code) => client.issuerPublicKey(code, ctx).catch((e: unknown) => e as Error))),
  });

  const certificate = async (ctx: AdapterContext, id: string) =>
    certificateById.load(ctx, parseCertificateId(id));
  const byVerificationCode = async (ctx: AdapterContext, code: string) =>
    certificateByVerificationCode.load(ctx, parseVerificationCode(code));
  const issuerPublicKey = async (ctx: AdapterContext, issuerCode: string) =>
    issuerKeyByCode.load(ctx, parseIssuerCode(issuerCode));

  return {
    ...createCertificateWrites(
      client,
      { certificateById, certificatesByHolder, certificateByVerificationCode },
      o.breaker,
    ),
    ...createDigitalIdService({
      client,
      // Remembered code ids must be shared by every instance behind the gateway: the shared cache when there is one.
      cache: o.cache ?? new MemoryCache(),
      now: o.now,
      jwksTtlMs: o.jwksTtlMs,
      verifierKeys: parseVerifierKeys(o.suishenmaVerifierKey, 'suishenmaVerifierKey'),
      replayGraceMs: o.digitalIdReplayGraceMs,
      breaker: o.breaker,
    }),
    certificate,
    certificatesByHolder: async (ctx, holder, filter = {}) => {
      const all = (await certificatesByHolder.load(ctx, parseHolder(holder))) ?? [];
      return all.filter(
        (c) => (!filter.status || c.status === filter.status) && (!filter.type || c.type === filter.type),
      );
    },
    certificateByVerificationCode: byVerificationCode,
    issuerPublicKey,
    verifyCertificate: createCertificateVerifier({
      certificate,
      byVerificationCode,
      issuerKey: issuerPublicKey,
      now: o.now,
    }),
    ready: () => client.ping().catch(() => false),
    close: () => client.close(),
    operations: { certificateById, certificatesByHolder, certificateByVerificationCode, issuerKeyByCode },
  };
}
