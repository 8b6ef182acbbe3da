import type { DocumentType } from '../kit/identity';

export type { DocumentType };

/** Sex as registered (GB/T 2261.1 codes 1 and 2). */
export type Sex = 'MALE' | 'FEMALE';

/** A person as the household registry knows them: the `Person` core of the graph. Plain data. */
export interface Person {
  /** Canonical id: the identity number, or `P-<ISO3>-<passport no>` for a passport holder. */
  id: string;
  /** Registered name, exactly as registered (may hold GB18030 four-byte characters). */
  name: string;
  /** Latin transcription, where the registry holds one. */
  nameLatin: string | null;
  documentType: DocumentType;
  /** The number as printed on the document. */
  documentNumber: string;
  /** ISO 3166-1 alpha-3, e.g. `CHN`, `HKG`, `GBR`. */
  nationality: string;
  sex: Sex;
  /** YYYY-MM-DD */
  birthDate: string;
  /** Household registration address; null for people with no mainland household (foreigners, HK residents). */
  householdAddress: string | null;
  fatherId: string | null;
  motherId: string | null;
  /** Ids of the people registered with this person as father or mother. */
  childIds: string[];
}
