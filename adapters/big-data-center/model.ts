/** Who a certificate was issued to. */
export type HolderType = 'PERSON' | 'COMPANY';

export type CertificateStatus = 'VALID' | 'EXPIRED' | 'REVOKED';

/** A certificate holder: a person by canonical identity id, a company by unified social credit code. */
export interface HolderRef {
  type: HolderType;
  id: string;
}

/** One electronic certificate from the library, as this adapter returns it (plain data). */
export interface Certificate {
  /** Library-wide id, `<issuer prefix>-<type>-<number>`, e.g. `MS-BL-91310107MA1FL3K2XE`. */
  id: string;
  /** Machine type, e.g. `BUSINESS_LICENCE`. */
  type: string;
  /** Human title as printed, e.g. 营业执照. */
  title: string;
  /** The issuing department's own number on the certificate. */
  number: string;
  /** Department code of the issuer, e.g. `market-supervision`. */
  issuerCode: string;
  holderType: HolderType;
  holderId: string;
  status: CertificateStatus;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, or null when it does not expire. */
  validUntil: string | null;
  /** Base64 Ed25519 signature of the issuer over the canonical payload (issuer-signature.ts). */
  issuerSignature: string;
  /** The short code printed on paper copies (`XXXX-XXXX-XX`); the library finds the certificate by it. */
  verificationCode: string;
  /** When revoked through the library: ISO 8601 date-time of the revocation. */
  revokedAt?: string;
  /** When revoked through the library: the issuer's reason. */
  revocationReason?: string;
}

/** What a department asks the library to issue (the library signs it with the issuer's key). */
export interface IssueCertificateInput {
  /** Machine type, e.g. `PUBLIC_PLACE_HEALTH_PERMIT`. */
  type: string;
  /** Title as printed, e.g. 公共场所卫生许可证. */
  title: string;
  /** Department code of the issuer, e.g. `health`. */
  issuerCode: string;
  holderType: HolderType;
  holderId: string;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, or null when it does not expire. */
  validUntil: string | null;
  /** Printed number; the library assigns one when absent. */
  number?: string;
  /** Idempotency: the same request id returns the same certificate (8 to 64 characters [A-Za-z0-9._:-]). */
  requestId: string;
}

/** Narrows a holder's certificates; absent fields do not filter. */
export interface CertificateFilter {
  status?: CertificateStatus | null;
  type?: string | null;
}

/** An issuing department's published signature key. */
export interface IssuerPublicKey {
  issuerCode: string;
  algorithm: 'Ed25519';
  /** SPKI PEM, ready for node:crypto `createPublicKey`. */
  publicKeyPem: string;
}

/** Why a certificate did not verify. */
export type VerificationFailure =
  | 'SIGNATURE_INVALID'
  | 'TAMPERED'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'REVOKED'
  | 'UNKNOWN_CERTIFICATE'
  | 'UNKNOWN_ISSUER';

/** What is being verified: exactly one of a library id, a paper's QR payload, or its printed verification code. */
export interface VerifyCertificateInput {
  id?: string | null;
  document?: string | null;
  verificationCode?: string | null;
}

/** The outcome of verifying a certificate. */
export interface CertificateVerification {
  /** True when there is no reason to doubt it. */
  valid: boolean;
  /** Every reason it failed, in check order (empty when valid). */
  reasons: VerificationFailure[];
  /** The library's record; null when the library holds none. */
  certificate: Certificate | null;
  /** ISO 8601 date-time of the check. */
  checkedAt: string;
}

/** The scenes a Suishenma (digital ID) code is scanned in. */
export type DigitalIdScene = 'SOCIAL_SECURITY' | 'LIBRARY' | 'THEATRE' | 'CAMPUS' | 'TRAFFIC_CARD';

/** A freshly issued Suishenma code. */
export interface DigitalIdCode {
  /** Compact JWS (EdDSA) to show as a QR code. */
  code: string;
  /** ISO 8601 date-time after which the code no longer verifies. */
  expiresAt: string;
}

/**
 * What a scanner in one scene learns from a verified code: only the fields that scene
 * needs are set, every other one is null.
 */
export interface DigitalIdVerification {
  scene: DigitalIdScene;
  holderType: HolderType;
  /** ISO 8601 date-time the code expires. */
  expiresAt: string;
  maskedName: string | null;
  maskedId: string | null;
  insuredStatus: 'INSURED' | 'SUSPENDED' | 'RETIRED' | 'NOT_INSURED' | null;
  mayBorrow: boolean | null;
  documentType: string | null;
  documentLast4: string | null;
  adult: boolean | null;
  nationality: string | null;
  concession: 'NONE' | 'MINOR' | 'SENIOR' | null;
  companyName: string | null;
  companyStatus: string | null;
}
