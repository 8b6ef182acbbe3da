import type { AuditDraft } from '../../trust/audit/record';
import type { TrustContext } from '../../trust/context/trust-context';
import { purposeText } from '../../trust/actor';

/** What one request read of one entity in this subgraph, gathered while resolving it. */
interface EntityAccess {
  entityType: string;
  entityId: string;
  subject: string | null;
  returned: Set<string>;
  masked: Set<string>;
  failed: Set<string>;
  denied: boolean;
}

/**
 * The reads of personal data one subgraph request made, entity by entity: the fields
 * returned, masked, refused or failed. The audit plugin turns it into one record per entity
 * (audit-plugin.ts) before the answer leaves the subgraph.
 */
export class AccessLog {
  private readonly entities = new Map<string, EntityAccess>();

  private entry(entityType: string, entityId: string, subject: string | null): EntityAccess {
    const k = `${entityType}:${entityId}`;
    let e = this.entities.get(k);
    if (!e) {
      e = {
        entityType,
        entityId,
        subject,
        returned: new Set(),
        masked: new Set(),
        failed: new Set(),
        denied: false,
      };
      this.entities.set(k, e);
    }
    return e;
  }

  field(
    entityType: string,
    entityId: string,
    subject: string | null,
    field: string,
    how: 'returned' | 'masked' | 'failed' | 'denied',
  ): void {
    const e = this.entry(entityType, entityId, subject);
    if (how === 'denied') e.denied = true;
    else e[how].add(field);
  }

  denied(entityType: string, entityId: string, subject: string | null): void {
    this.entry(entityType, entityId, subject).denied = true;
  }

  get size(): number {
    return this.entities.size;
  }

  /** One draft per entity read, in the order first touched. */
  drafts(trust: TrustContext, department: string, time = new Date()): AuditDraft[] {
    const iso = time.toISOString();
    return [...this.entities.values()].map((e) => ({
      time: iso,
      traceId: trust.traceId,
      kind: 'read' as const,
      actor: trust.actor.id,
      role: trust.actor.role,
      channel: trust.channel,
      purpose: purposeText(trust.purpose),
      caseId: trust.purpose?.kind === 'case' ? trust.purpose.caseId : null,
      department,
      entityType: e.entityType,
      entityId: e.entityId,
      subject: e.subject,
      fields: [...e.returned, ...[...e.masked].map((f) => `${f}(masked)`)].sort(),
      outcome: e.denied
        ? ('denied' as const)
        : e.returned.size + e.masked.size === 0 && e.failed.size > 0
          ? ('failed' as const)
          : e.masked.size > 0
            ? ('masked' as const)
            : ('returned' as const),
    }));
  }
}
