import type { Certificate, DigitalIdCode } from '../../adapters/big-data-center/model';

/** What Certificate resolvers receive: the adapter's canonical certificate. */
export type CertificateParent = Certificate;

/** A Person as this subgraph knows it: the key, and `holderType` when it came from a certificate's holder. */
export interface PersonParent {
  id: string;
  holderType?: 'PERSON';
}

/** A Company as this subgraph knows it: the key, and `holderType` when it came from a certificate's holder. */
export interface CompanyParent {
  uscc: string;
  holderType?: 'COMPANY';
}

/** A reference to a department resolved by the service-center subgraph. */
export interface DepartmentParent {
  code: string;
}

/** An issued code as the adapter returns it: its QR image is drawn only when a client selects `qrPngBase64`. */
export type DigitalIdCodeParent = DigitalIdCode;
