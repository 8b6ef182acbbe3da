import type { MaterialRequirement } from './catalogue/catalogue';

/** The service centre's own records, as the store returns them and the resolvers serve them. */

/** A department of the district (the owner of the `Department` entity). */
export interface DepartmentRecord {
  code: string;
  name: string;
  nameEn: string;
  /** The legacy system the data layer wraps for it; null when it has none. */
  legacySystem: string | null;
}

export type CaseChannel = 'COUNTER' | 'PORTAL' | 'TERMINAL' | 'APP';

export type CaseStatusCode =
  'SUBMITTED' | 'PRECHECK_FAILED' | 'ACCEPTED' | 'IN_REVIEW' | 'APPROVED' | 'REJECTED' | 'ISSUED';

/** Statuses after which nothing more happens to a case. */
export const CLOSED_STATUSES: readonly CaseStatusCode[] = ['REJECTED', 'ISSUED'];

export function isOpenStatus(status: CaseStatusCode): boolean {
  return !CLOSED_STATUSES.includes(status);
}

/** A reference to a person (owned by public-security) by the canonical identity number. */
export interface PersonRef {
  id: string;
}

/** A reference to a company (owned by market-supervision) by its unified social credit code. */
export interface CompanyRef {
  uscc: string;
}

export type ApplicantType = 'PERSON' | 'COMPANY';

/** A case (application) with its matter and department resolved. */
export interface CaseRecord {
  id: string;
  matterCode: string;
  matterName: string;
  department: DepartmentRecord;
  applicant: PersonRef | CompanyRef;
  channel: CaseChannel;
  status: CaseStatusCode;
  open: boolean;
  /** ISO 8601 with the district's offset (+08:00). */
  submittedAt: string;
  updatedAt: string;
  /** Library id of the certificate issued when the case reached ISSUED; null otherwise. */
  issuedCertificateId: string | null;
  /** Incremented by every status change (optimistic concurrency); not exposed. */
  version: number;
}

export type MaterialCheckStatus = 'NO_SUBMISSION_NEEDED' | 'SUPPLIED' | 'MISSING' | 'INVALID';

/** How the pre-check judged one material of a case (a snapshot taken at submission). */
export interface MaterialCheckRecord {
  material: MaterialRequirement;
  status: MaterialCheckStatus;
  /** Why it is INVALID (or which certificate replaced the paper); null when nothing to say. */
  reason: string | null;
  /** The library certificate found for it, valid or not. */
  certificateId: string | null;
  /** What the applicant handed in for it. */
  reference: string | null;
}

/** One status change of a case; `from` is null for the submission. */
export interface CaseEventRecord {
  from: CaseStatusCode | null;
  to: CaseStatusCode;
  at: string;
  channel: CaseChannel | null;
  note: string | null;
}

export function isCompanyRef(ref: PersonRef | CompanyRef): ref is CompanyRef {
  return 'uscc' in ref;
}

/** A certificate of the library (owned by big-data-center), by its id. */
export interface CertificateRef {
  id: string;
}
