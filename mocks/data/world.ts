/**
 * The one "true world" every mock projects into its own legacy format, so the same
 * person, company or certificate looks the same across departments (Zhang Wei's
 * restaurant is in market supervision, tax, housing and the certificate library).
 * Mock-side only: adapters never see these types, they see each legacy protocol.
 */

/** Department codes, also the folder names in mocks/, adapters/ and subgraphs/. */
export type DepartmentCode =
  | 'public-security'
  | 'market-supervision'
  | 'health'
  | 'housing'
  | 'tax'
  | 'human-resources'
  | 'big-data-center'
  | 'service-center';

export type WDocumentType =
  | 'RESIDENT_ID_CARD'
  | 'HK_MACAO_RESIDENCE_PERMIT'
  | 'TAIWAN_RESIDENCE_PERMIT'
  | 'FOREIGN_PERMANENT_RESIDENCE_ID'
  | 'PASSPORT'
  | 'MAINLAND_TRAVEL_PERMIT';

export interface WPerson {
  /** Canonical id: the identity number, or `P-<ISO3>-<passport no>` for a passport holder. */
  id: string;
  documentType: WDocumentType;
  documentNumber: string;
  /** Name as registered (Chinese characters for residents, Latin for most foreigners). */
  name: string;
  /** Latin transcription, where the document carries one. */
  nameLatin?: string;
  sex: 'M' | 'F';
  /** YYYY-MM-DD */
  birthDate: string;
  /** ISO 3166-1 alpha-3 */
  nationality: string;
  householdAddress: string | null;
  phone: string;
  fatherId?: string;
  motherId?: string;
}

export type Industry = string;

export interface WCompany {
  uscc: string;
  name: string;
  legalRepresentativeId: string;
  /** One of the pilot industries, e.g. `restaurant`, `pharmacy`, `supermarket`. */
  industry: Industry;
  address: string;
  /** YYYY-MM-DD */
  establishedOn: string;
  /** In units of 10,000 CNY */
  registeredCapital: number;
  status: 'OPERATING' | 'REVOKED' | 'DEREGISTERED';
  businessScope: string;
}

export type HolderType = 'PERSON' | 'COMPANY';
export type CertificateStatus = 'VALID' | 'EXPIRED' | 'REVOKED';

export interface WCertificate {
  /** Unique across the library: `<dept prefix>-<number>`, e.g. `MS-BL-91310107MA1FL3K2XE`. */
  id: string;
  /** Machine type, e.g. `BUSINESS_LICENCE`, `FOOD_BUSINESS_PERMIT`, `REAL_ESTATE_CERTIFICATE`. */
  type: string;
  /** Human title in Chinese, e.g. 营业执照. */
  title: string;
  issuer: DepartmentCode;
  holderType: HolderType;
  holderId: string;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, or null for no end. */
  validUntil: string | null;
  status: CertificateStatus;
  /** The department's own number printed on the certificate. */
  number: string;
}

export interface WProperty {
  /** Real estate certificate number, e.g. 沪(2019)普字不动产权第012345号. */
  certificateNo: string;
  /** The library certificate id of the same certificate. */
  certificateId: string;
  unitNo: string;
  address: string;
  /** Floor area in m² (two decimals). */
  areaM2: number;
  usage: 'RESIDENTIAL' | 'COMMERCIAL' | 'OFFICE' | 'INDUSTRIAL';
  /** YYYY-MM-DD */
  registeredOn: string;
  owners: { type: HolderType; id: string; sharePct: number }[];
  mortgaged: boolean;
}

export interface WEmployment {
  personId: string;
  employerUscc: string | null;
  employerName: string;
  socialSecurityCardNo: string;
  /** YYYY-MM-DD */
  startedOn: string;
  contributionMonths: number;
  /** YYYY-MM */
  lastContributionMonth: string;
  /** Monthly contribution base in CNY */
  monthlyBase: number;
  status: 'CONTRIBUTING' | 'SUSPENDED' | 'RETIRED';
}

export interface WTaxRecord {
  uscc: string;
  /** Taxpayer identification number (equals the USCC for companies registered since 2015). */
  taxpayerId: string;
  registeredOn: string;
  /** A, B, M, C or D (State Taxation Administration credit levels). */
  creditRating: 'A' | 'B' | 'M' | 'C' | 'D';
  taxOffice: string;
  status: 'NORMAL' | 'ABNORMAL' | 'DEREGISTERED';
  /** Tax owed and overdue, in CNY (two decimals). */
  arrears: number;
  lastFiledPeriod: string;
}

export interface WBirthRecord {
  childId: string;
  certificateId: string;
  certificateNo: string;
  hospital: string;
  birthDateTime: string;
  weightGrams: number;
  motherId: string;
  fatherId?: string;
}

export interface World {
  people: WPerson[];
  companies: WCompany[];
  certificates: WCertificate[];
  properties: WProperty[];
  employment: WEmployment[];
  tax: WTaxRecord[];
  births: WBirthRecord[];
}

/** Quick lookups over a World, built once per mock. */
export interface WorldIndex {
  world: World;
  personById: Map<string, WPerson>;
  companyByUscc: Map<string, WCompany>;
  certificateById: Map<string, WCertificate>;
  certificatesByHolder: Map<string, WCertificate[]>;
  propertiesByOwner: Map<string, WProperty[]>;
  employmentByPerson: Map<string, WEmployment>;
  taxByUscc: Map<string, WTaxRecord>;
  companiesByLegalRep: Map<string, WCompany[]>;
  birthByChild: Map<string, WBirthRecord>;
}

function group<T>(items: T[], key: (t: T) => string | string[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    for (const k of ([] as string[]).concat(key(it))) {
      const list = m.get(k);
      if (list) list.push(it);
      else m.set(k, [it]);
    }
  }
  return m;
}

export function indexWorld(world: World): WorldIndex {
  return {
    world,
    personById: new Map(world.people.map((p) => [p.id, p])),
    companyByUscc: new Map(world.companies.map((c) => [c.uscc, c])),
    certificateById: new Map(world.certificates.map((c) => [c.id, c])),
    certificatesByHolder: group(world.certificates, (c) => c.holderId),
    propertiesByOwner: group(world.properties, (p) => p.owners.map((o) => o.id)),
    employmentByPerson: new Map(world.employment.map((e) => [e.personId, e])),
    taxByUscc: new Map(world.tax.map((t) => [t.uscc, t])),
    companiesByLegalRep: group(world.companies, (c) => c.legalRepresentativeId),
    birthByChild: new Map(world.births.map((b) => [b.childId, b])),
  };
}
