import type { Actor } from '../../trust/actor';
import type { AuditRecord } from '../../trust/audit/record';

/** What the resolvers serve for the audit subgraph's types (codegen maps the schema types to these). */

/** An `AccessRecord` is the store's record as it is; the enums map its lowercase values. */
export type AccessRecordModel = AuditRecord;

/** One page of records and whether more follow. */
export interface AccessRecordPage {
  records: AuditRecord[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** One request rebuilt from its records. */
export interface RequestTraceModel {
  traceId: string;
  request: AuditRecord | null;
  departments: DepartmentAccessesModel[];
  subjects: string[];
}

/** The reads of one department within one request, oldest first. */
export interface DepartmentAccessesModel {
  department: string;
  records: AuditRecord[];
}

/** `Me`: the actor of the signed context and the channel it came from. */
export interface MeModel {
  actor: Actor;
  channel: string;
}

/** A reference to a person (owned by public-security) by the canonical identity number. */
export interface PersonRef {
  id: string;
}

/** A reference to a company (owned by market-supervision) by its unified social credit code. */
export interface CompanyRef {
  uscc: string;
}
