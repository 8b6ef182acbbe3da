import type { GraphQLResolveInfo } from 'graphql';
import { DataLayerError } from '../../adapters/kit/errors';
import { purposeText } from '../../trust/actor';
import type { AuditDraft, AuditStore } from '../../trust/audit/record';
import type { TrustContext } from '../../trust/context/trust-context';
import { accessRecordFields } from './selected-fields';

/** What one view of the audit trail read: the filter in one line and whose data it is about. */
export interface AuditRead {
  /** The filter, e.g. `subject=Person:310107199003070017` or `trace=<id>`. */
  entityId: string;
  /** `Person:<id>` or `Company:<uscc>` when the view is about one subject, else null. */
  subject: string | null;
}

/** The audit trail is unavailable: nothing is returned (fail closed). The cause stays in the logs. */
export function auditUnavailable(cause: unknown): DataLayerError {
  return new DataLayerError('AUDIT_UNAVAILABLE', 'the audit store could not be reached', { cause });
}

/**
 * The record of one view of the audit trail. Reading who accessed a person's data is itself a
 * read of that person's data (the trail names officers, cases and purposes), so it is audited
 * like any department's read: department `audit`, entity type `AccessLog`.
 */
export function auditDraft(trust: TrustContext, read: AuditRead, fields: string[], time: Date): AuditDraft {
  return {
    time: time.toISOString(),
    traceId: trust.traceId,
    kind: 'read',
    actor: trust.actor.id,
    role: trust.actor.role,
    channel: trust.channel,
    purpose: purposeText(trust.purpose),
    caseId: trust.purpose?.kind === 'case' ? trust.purpose.caseId : null,
    department: 'audit',
    entityType: 'AccessLog',
    entityId: read.entityId,
    subject: read.subject,
    fields,
    outcome: 'returned',
  };
}

/**
 * Appends the record of this view before any record is returned. If the store does not take
 * it, the view fails with AUDIT_UNAVAILABLE and returns nothing (fail closed).
 */
export async function recordAuditRead(
  store: AuditStore,
  trust: TrustContext,
  info: GraphQLResolveInfo,
  read: AuditRead,
  now: Date,
): Promise<void> {
  try {
    await store.append([auditDraft(trust, read, accessRecordFields(info), now)]);
  } catch (e) {
    throw auditUnavailable(e);
  }
}
