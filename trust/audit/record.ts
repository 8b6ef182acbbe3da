import type { Role } from '../actor';

/**
 * One access to personal data, as a writer (a subgraph, or the gateway for the request as a
 * whole) hands it to the audit store. The store adds the chain fields (`writer`, `seq`,
 * `prevHash`, `hash`) in AuditRecord.
 */
export interface AuditDraft {
  /** When the data was read, ISO 8601 UTC with milliseconds. */
  time: string;
  /** W3C trace id (32 hex) of the whole request: one request across all departments it touched. */
  traceId: string;
  /** `read`: a department returned (or refused) data about one entity; `request`: the gateway's record of the whole request. */
  kind: 'read' | 'request';
  /** The actor's id, role and channel (from the signed context). */
  actor: string;
  role: Role;
  channel: string;
  /** `case:<id>` or a statutory purpose code; null when none was stated (citizens reading their own data). */
  purpose: string | null;
  /** The case id when the purpose is a case, else null. */
  caseId: string | null;
  /** The department whose data it is (subgraph name), or `gateway` for a request record. */
  department: string;
  /** GraphQL type read, e.g. `Person`, `Company`, `Certificate`, `Case`; `Operation` for a request record. */
  entityType: string;
  /** The entity's key (identity number, credit code, certificate id, case id); the operation name for a request record. */
  entityId: string;
  /** Whose data it is: `Person:<id>` or `Company:<uscc>` (a certificate's holder, a case's applicant); null if none. */
  subject: string | null;
  /** Field names of the entity that were returned (sorted), e.g. `["birthDate","name"]`. */
  fields: string[];
  /** What the caller got: everything asked (`returned`), some fields masked (`masked`), refused (`denied`), an error (`failed`). */
  outcome: 'returned' | 'masked' | 'denied' | 'failed';
}

/** A record as stored: the draft plus its place in its writer's hash chain. */
export interface AuditRecord extends AuditDraft {
  /** The writer's chain id, e.g. `health@host:1234:lq3k9` (one per process instance). */
  writer: string;
  /** 1, 2, 3... within the writer's chain, no gaps. */
  seq: number;
  /** Hash of the previous record in the chain (64 zeros for seq 1). */
  prevHash: string;
  /** SHA-256 hex over the canonical JSON of this record's fields (all above but `hash`), prevHash included. */
  hash: string;
}

/** What auditors filter on; every field optional, all given ones must match. */
export interface AuditQuery {
  /** Records about this subject: `Person:<id>` or `Company:<uscc>` (entity or subject). */
  subject?: string;
  actor?: string;
  department?: string;
  /** Exact purpose text, e.g. `case:C2026112000001` or `PS-IDENTITY-CHECK`. */
  purpose?: string;
  caseId?: string;
  traceId?: string;
  kind?: 'read' | 'request';
  /** ISO 8601 bounds, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  /** Newest first; at most this many (default 100, max 1000). */
  limit?: number;
  /** Continue after this record (`writer` + `seq` as `<writer>#<seq>`, from the previous page's last record). */
  after?: string;
}

/** The audit store: append-only, one hash chain per writer, signed checkpoints. */
export interface AuditStore {
  /** This store's writer (chain) id. */
  readonly writer: string;
  /**
   * Appends the drafts to this writer's chain in one transaction, in order. Resolves only
   * once they are durable; rejects (the caller then returns no data: fail closed) otherwise.
   */
  append(drafts: AuditDraft[]): Promise<AuditRecord[]>;
  /** Records matching the query, newest first (by time, then writer, then seq). */
  query(q: AuditQuery): Promise<AuditRecord[]>;
  close(): Promise<void>;
}
