import { createBreaker, type BreakerOptions } from '../kit/breaker';
import { timeoutSignal } from '../kit/late-timer';
import { logger } from '../kit/logger';
import { resolvePolicy } from '../kit/policy';
import { resilienceOf } from '../kit/resilience';
import type { AdapterContext, LegacyOperation } from '../kit/operation';
import { parseCertificateId } from './certificate-id';
import type { BigDataCenterClient } from './client';
import { DEPARTMENT } from './errors';
import { parseIssueInput, parseReason, parseRequestId } from './issue-input';
import type { Certificate, HolderRef, IssueCertificateInput } from './model';
import { parseVerificationCode } from './verification-code';

export interface CertificateWrites {
  /**
   * Issues a certificate into the library, signed there with the issuer's key. The same
   * `requestId` returns the same certificate; with other content IDEMPOTENCY_CONFLICT.
   * Invalid input: INVALID_ARGUMENT / INVALID_IDENTITY_NUMBER / INVALID_CREDIT_CODE, no request.
   */
  issueCertificate(ctx: AdapterContext, input: IssueCertificateInput): Promise<Certificate>;
  /**
   * Revokes a certificate with the issuer's reason (status REVOKED, `revokedAt`, `revocationReason`).
   * Idempotent by `requestId`; an unknown id is NOT_FOUND, an already revoked one ILLEGAL_TRANSITION.
   */
  revokeCertificate(ctx: AdapterContext, id: string, reason: string, requestId: string): Promise<Certificate>;
}

interface ReadOperations {
  certificateById: LegacyOperation<string, Certificate>;
  certificatesByHolder: LegacyOperation<HolderRef, Certificate[]>;
  certificateByVerificationCode: LegacyOperation<string, Certificate>;
}

/** The code a certificate is looked up by, as the lookup keys it; undefined for one the library mangled. */
function lookupCode(c: Certificate): string | undefined {
  try {
    return parseVerificationCode(c.verificationCode);
  } catch {
    return undefined;
  }
}

/**
 * Issuing into and revoking from the library. Each write is one request through the system's
 * bulkhead and its own breaker, bounded by the request's deadline: never batched, never retried here (the caller retries with the same requestId,
 * which the library answers idempotently). On success the holder's cached list and the
 * certificate's cached records (by id and by verification code) are dropped, so the next read
 * sees the write: in this request (its loaders), in this process (no read joins a call that
 * started before the write, LegacyOperation.forget) and, with Redis, in every process sharing
 * the cache. With the in-process cache, another process (the big-data-center subgraph beside
 * the service centre) serves its copy until the certificate TTL (60 s) runs out.
 */
export function createCertificateWrites(
  client: BigDataCenterClient,
  reads: ReadOperations,
  breaker?: BreakerOptions,
): CertificateWrites {
  const issue = createBreaker(DEPARTMENT, 'certificate.issue', client.issue.bind(client), breaker);
  const revoke = createBreaker(DEPARTMENT, 'certificate.revoke', client.revoke.bind(client), breaker);
  const invalidate = async (ctx: AdapterContext, c: Certificate) => {
    const holder: HolderRef = { type: c.holderType, id: c.holderId };
    const code = lookupCode(c);
    // The write happened: a cache that cannot be reached must not turn it into an error (entries expire by TTL).
    // The request's loaders and the in-flight reads are forgotten before the cache is asked.
    await Promise.all([
      reads.certificatesByHolder.invalidate([holder], ctx),
      reads.certificateById.invalidate([c.id], ctx),
      reads.certificateByVerificationCode.invalidate(code ? [code] : [], ctx),
    ]).catch((e: unknown) =>
      logger.warn({ err: e, certificate: c.id }, 'big-data-center: cache invalidation failed'),
    );
  };
  // Writes share the system's bulkhead with its reads, and end with the request (its deadline or its client).
  const { bulkhead } = resilienceOf(DEPARTMENT, resolvePolicy(DEPARTMENT, 'certificate.issue'));
  const signalFor = (ctx: AdapterContext): AbortSignal | undefined => {
    const signals = [
      ctx.signal,
      ctx.deadline === undefined ? undefined : timeoutSignal(Math.max(1, ctx.deadline - Date.now())),
    ];
    const present = signals.filter((x): x is AbortSignal => x !== undefined);
    return present.length ? AbortSignal.any(present) : undefined;
  };
  return {
    issueCertificate: async (ctx, input) => {
      const parsed = parseIssueInput(input);
      const c = await bulkhead.run(() => issue.fire(parsed, { signal: signalFor(ctx) }), ctx.deadline);
      await invalidate(ctx, c);
      return c;
    },
    revokeCertificate: async (ctx, id, reason, requestId) => {
      const args = [parseCertificateId(id), parseReason(reason), parseRequestId(requestId)] as const;
      const c = await bulkhead.run(() => revoke.fire(...args, { signal: signalFor(ctx) }), ctx.deadline);
      await invalidate(ctx, c);
      return c;
    },
  };
}
