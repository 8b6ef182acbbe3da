/** Canonical models the health adapter returns: plain data, dates as ISO strings. */

/** VALID, EXPIRED or REVOKED: the document's standing at the Commission. */
export type HealthDocumentStatus = 'VALID' | 'EXPIRED' | 'REVOKED';

/** 出生医学证明: issued by the hospital of birth. */
export interface BirthMedicalCertificate {
  /** Id in the electronic certificate library. */
  certificateId: string;
  /** Number printed on the certificate, e.g. Q310512347. */
  number: string;
  hospital: string;
  /** ISO 8601 date and time with offset, e.g. 2023-08-15T06:42:00+08:00. */
  bornAt: string;
  weightGrams: number;
  /** Canonical person id of the mother. */
  motherId: string;
  /** Canonical person id of the father; null when not recorded. */
  fatherId: string | null;
}

/** 健康证明 of a food handler (or other regulated occupation). */
export interface HealthCertificate {
  certificateId: string;
  number: string;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, or null for no end. */
  validUntil: string | null;
  status: HealthDocumentStatus;
}

/** 公共场所卫生许可证 of a company. */
export interface PublicPlaceHealthPermit {
  certificateId: string;
  number: string;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, or null for no end. */
  validUntil: string | null;
  status: HealthDocumentStatus;
}

/** Everything the Commission holds about one person. */
export interface PersonHealthDocuments {
  /** The current birth medical certificate, null when the person has none (or only revoked ones). */
  birthMedicalCertificate: BirthMedicalCertificate | null;
  /** Newest first. */
  healthCertificates: HealthCertificate[];
}
