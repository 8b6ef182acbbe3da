/** What the health resolvers pass between each other (codegen `mappers`). */
import type {
  BirthMedicalCertificate,
  HealthCertificate,
  PublicPlaceHealthPermit,
} from '../../adapters/health/model';

/** The adapter's models, under names that do not clash with the generated GraphQL types. */
export type BirthMedicalCertificateModel = BirthMedicalCertificate;
export type HealthCertificateModel = HealthCertificate;
export type PublicPlaceHealthPermitModel = PublicPlaceHealthPermit;

/** A Person as this subgraph knows it: the key only; its fields are loaded in batches. */
export interface PersonRef {
  id: string;
}

/** A Company as this subgraph knows it: the key only. */
export interface CompanyRef {
  uscc: string;
}

/** A stub of a library certificate: the key only (big-data-center resolves the rest). */
export interface CertificateRef {
  id: string;
}
