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
