/**
 * The Health Commission's FHIR vocabulary, from its interface specification: identifier
 * systems, the document type code system and the extension URLs its DocumentReferences carry.
 */
export const DEPARTMENT = 'health';

const FHIR_BASE = 'https://fhir.wsjkw.sh.gov.cn';

/** Resident identity card (GB 11643). */
export const RESIDENT_ID_SYSTEM = 'urn:oid:2.16.156.10011.1.1';
/** Residence permits of Hong Kong, Macao and Taiwan residents (one system for all three). */
export const RESIDENCE_PERMIT_SYSTEM = 'urn:oid:2.16.156.10011.1.1.3';
/** Foreign permanent resident ID card. */
export const FOREIGN_PERMANENT_RESIDENCE_SYSTEM = 'urn:oid:2.16.156.10011.1.1.4';
/** Mainland travel permits of Hong Kong, Macao and Taiwan residents. */
export const TRAVEL_PERMIT_SYSTEM = 'urn:oid:2.16.156.10011.1.1.6';
/** FHIR's own passport systems: the issuing country's ISO 3166-1 alpha-3 code follows. */
export const PASSPORT_SYSTEM_PREFIX = 'http://hl7.org/fhir/sid/passport-';
/** Unified social credit code (GB 32100) of an Organization. */
export const USCC_SYSTEM = 'urn:oid:2.16.156.10011.1.5';

/** The number printed on the document (DocumentReference.masterIdentifier). */
export const DOCUMENT_NUMBER_SYSTEM = `${FHIR_BASE}/sid/document-number`;
/** The document's id in the electronic certificate library (`Certificate.id` in the graph). */
export const E_CERTIFICATE_SYSTEM = `${FHIR_BASE}/sid/e-certificate`;

export const DOCUMENT_TYPE_SYSTEM = `${FHIR_BASE}/CodeSystem/document-type`;
export const DOCUMENT_TYPES = {
  birthMedicalCertificate: 'birth-medical-certificate',
  healthCertificate: 'health-certificate',
  publicPlaceHealthPermit: 'public-place-health-permit',
} as const;

export const EXTENSIONS = {
  birthHospital: `${FHIR_BASE}/StructureDefinition/birth-hospital`,
  birthTime: `${FHIR_BASE}/StructureDefinition/birth-time`,
  birthWeight: `${FHIR_BASE}/StructureDefinition/birth-weight`,
  mother: `${FHIR_BASE}/StructureDefinition/birth-mother`,
  father: `${FHIR_BASE}/StructureDefinition/birth-father`,
} as const;
