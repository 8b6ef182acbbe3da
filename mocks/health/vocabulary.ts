import type { WDocumentType } from '../data/world';

/**
 * The Health Commission's FHIR vocabulary as its interface specification publishes it:
 * identifier systems, the document type code system and the extension URLs. The adapter
 * keeps its own copy (it must not import the mock it is tested against).
 */
export const FHIR_BASE = 'https://fhir.wsjkw.sh.gov.cn';

/** Identifier systems for the documents a person is known by. Passports use FHIR's `passport-<ISO3>` systems. */
export const PERSON_SYSTEMS: Record<Exclude<WDocumentType, 'PASSPORT'>, string> = {
  RESIDENT_ID_CARD: 'urn:oid:2.16.156.10011.1.1',
  // Residence permits for Hong Kong, Macao and Taiwan residents share one numbering (810000/820000/830000 + GB 11643).
  HK_MACAO_RESIDENCE_PERMIT: 'urn:oid:2.16.156.10011.1.1.3',
  TAIWAN_RESIDENCE_PERMIT: 'urn:oid:2.16.156.10011.1.1.3',
  FOREIGN_PERMANENT_RESIDENCE_ID: 'urn:oid:2.16.156.10011.1.1.4',
  MAINLAND_TRAVEL_PERMIT: 'urn:oid:2.16.156.10011.1.1.6',
};

export const PASSPORT_SYSTEM_PREFIX = 'http://hl7.org/fhir/sid/passport-';

/** Unified social credit code (GB 32100) of an Organization. */
export const USCC_SYSTEM = 'urn:oid:2.16.156.10011.1.5';

/** The certificate's own printed number (DocumentReference.masterIdentifier). */
export const DOCUMENT_NUMBER_SYSTEM = `${FHIR_BASE}/sid/document-number`;
/** The id under which the document is registered in the electronic certificate library. */
export const E_CERTIFICATE_SYSTEM = `${FHIR_BASE}/sid/e-certificate`;

export const DOCUMENT_TYPE_SYSTEM = `${FHIR_BASE}/CodeSystem/document-type`;

/** World certificate types this department issues, and their codes in DOCUMENT_TYPE_SYSTEM. */
export const DOCUMENT_TYPE_CODES: Record<string, string> = {
  BIRTH_MEDICAL_CERTIFICATE: 'birth-medical-certificate',
  HEALTH_CERTIFICATE: 'health-certificate',
  PUBLIC_PLACE_HEALTH_PERMIT: 'public-place-health-permit',
};

export const EXTENSIONS = {
  birthHospital: `${FHIR_BASE}/StructureDefinition/birth-hospital`,
  birthTime: `${FHIR_BASE}/StructureDefinition/birth-time`,
  birthWeight: `${FHIR_BASE}/StructureDefinition/birth-weight`,
  mother: `${FHIR_BASE}/StructureDefinition/birth-mother`,
  father: `${FHIR_BASE}/StructureDefinition/birth-father`,
} as const;

/** World certificate status -> DocumentReference.status. */
export const DOCUMENT_STATUS = {
  VALID: 'current',
  EXPIRED: 'superseded',
  REVOKED: 'entered-in-error',
} as const;
