import { createBreaker, type BreakerOptions } from '../kit/breaker';
import { logger } from '../kit/logger';
import { resolvePolicy } from '../kit/policy';
import { resilienceOf } from '../kit/resilience';
import type { AdapterContext, LegacyOperation } from '../kit/operation';
import { parseCertificateId } from './certificate-id';
import type { BigDataCenterClient } from './client';
import { DEPARTMENT } from './errors';
import { parseIssueInput, parseReason, parseRequestId } from './issue-input';
import type { Certificate, HolderRef, IssueCertificateInput } from './model';

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
}

/**
 * Forgets what this request's loader already read for a key, so a read after a write in
 * the same GraphQL request sees the write (the shared cache is invalidated separately).
 */
function forgetInRequest(ctx: AdapterContext, op: LegacyOperation<unknown, unknown>, key: unknown): void {
  ctx.loaders.get(`${op.department}:${op.name}`)?.clear(key);
}

/**
 * Issuing into and revoking from the library. Each write is one request through the system's
 * bulkhead and its own breaker, bounded by the request's deadline: never batched, never retried here (the caller retries with the same requestId,
 * which the library answers idempotently). On success the holder's cached list and the
 * certificate's cached record are dropped, so the next read sees the write.
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
    forgetInRequest(ctx, reads.certificatesByHolder as LegacyOperation<unknown, unknown>, holder);
    forgetInRequest(ctx, reads.certificateById as LegacyOperation<unknown, unknown>, c.id);
    // The write happened: a cache that cannot be reached must not turn it into an error (entries expire by TTL).
    await Promise.all([
      reads.certificatesByHolder.invalidate([holder]),
      reads.certificateById.invalidate([c.id]),
    ]).catch((e: unknown) =>
      logger.warn({ err: e, certificate: c.id }, 'big-data-center: cache invalidation failed'),
    );
  };
  // Writes share the system's bulkhead with its reads, and end with the request (its deadline or its client).
  const { bulkhead } = resilienceOf(DEPARTMENT, resolvePolicy(DEPARTMENT, 'certificate.issue'));
  const signalFor = (ctx: AdapterContext): AbortSignal | undefined => {
    const signals = [
      ctx.signal,
      ctx.deadline === undefined ? undefined : AbortSignal.timeout(Math.max(1, ctx.deadline - Date.now())),
    ];
    const present = signals.filter((x): x is AbortSignal => x !== undefined);
    return present.length ? AbortSignal.any(present) : undefined;
  };
  return {
    issueCertificate: async (ctx, input) => {
      const parsed = parseIssueInput(input);
      const c = await bulkhead.run(() => issue.fire(parsed, signalFor(ctx)), ctx.deadline);
      await invalidate(ctx, c);
      return c;
    },
    revokeCertificate: async (ctx, id, reason, requestId) => {
      const args = [parseCertificateId(id), parseReason(reason), parseRequestId(requestId)] as const;
      const c = await bulkhead.run(() => revoke.fire(...args, signalFor(ctx)), ctx.deadline);
      await invalidate(ctx, c);
      return c;
    },
  };
}
