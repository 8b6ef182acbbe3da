import { mayTouch, type Category, type MatrixCaller } from './access-callers';

/**
 * What one caller should get for the matrix's reads, worked out from the test-only officer's
 * full read of the same records (the baseline) and the caller's rules (access-callers.ts):
 * the exact data, masked where the caller may not see a category, and the exact errors.
 */

/** The broad read of a person: every department's data about them. */
export const PERSON_QUERY = /* GraphQL */ `
  query MatrixPerson($id: ID!) {
    person(id: $id) {
      id
      name
      documentNumber
      householdAddress
      birthDate
      certificates {
        id
      }
      properties {
        address
      }
      socialSecurity {
        cardNumber
      }
      healthCertificates {
        number
      }
      birthMedicalCertificate {
        number
        hospital
      }
      companies {
        uscc
      }
      cases {
        id
      }
    }
  }
`;

/** The test-only officer's read of a person: everything PERSON_QUERY asks and what identifies them besides. */
export const PERSON_BASELINE = /* GraphQL */ `
  query MatrixPersonBaseline($id: ID!) {
    person(id: $id) {
      id
      name
      nameLatin
      documentNumber
      householdAddress
      birthDate
      certificates {
        id
        type
        number
        verificationCode
      }
      properties {
        certificateNumber
        unitNumber
        address
      }
      socialSecurity {
        cardNumber
      }
      healthCertificates {
        number
      }
      birthMedicalCertificate {
        number
        hospital
      }
      companies {
        uscc
      }
      cases {
        id
      }
    }
  }
`;

/** The broad read of a company. */
export const COMPANY_QUERY = /* GraphQL */ `
  query MatrixCompany($uscc: ID!) {
    company(uscc: $uscc) {
      uscc
      name
      address
      legalRepresentative {
        id
        name
      }
      licences {
        number
      }
      taxStatus {
        creditRating
      }
      certificates {
        id
      }
      cases {
        id
      }
      publicPlaceHealthPermits {
        number
      }
      properties {
        address
      }
    }
  }
`;

export const COMPANY_BASELINE = /* GraphQL */ `
  query MatrixCompanyBaseline($uscc: ID!) {
    company(uscc: $uscc) {
      uscc
      name
      address
      legalRepresentative {
        id
        name
      }
      licences {
        number
      }
      taxStatus {
        creditRating
        taxpayerId
      }
      certificates {
        id
        type
        number
        verificationCode
      }
      cases {
        id
      }
      publicPlaceHealthPermits {
        number
      }
      properties {
        certificateNumber
        unitNumber
        address
      }
    }
  }
`;

type Json = Record<string, unknown>;

export interface PersonBaseline {
  id: string;
  name: string;
  documentNumber: string;
  householdAddress: string | null;
  birthDate: string;
  certificates: { id: string; type: string; number: string }[];
  properties: { certificateNumber: string; address: string }[];
  socialSecurity: { cardNumber: string } | null;
  healthCertificates: { number: string }[];
  birthMedicalCertificate: { number: string; hospital: string } | null;
  companies: { uscc: string }[];
  cases: { id: string }[];
}

export interface CompanyBaseline {
  uscc: string;
  name: string;
  address: string;
  legalRepresentative: { id: string; name: string } | null;
  licences: { number: string }[];
  taxStatus: { creditRating: string } | null;
  certificates: { id: string; type: string; number: string }[];
  cases: { id: string }[];
  publicPlaceHealthPermits: { number: string }[];
  properties: { certificateNumber: string; address: string }[];
}

/** One error as the matrix compares it. */
export interface SeenError {
  code: unknown;
  path: string;
  department: unknown;
  message: string;
}

/** What a caller should get: the HTTP status, the data (absent when the request is refused whole) and the errors. */
export interface ExpectedReply {
  status: number;
  data?: Json | null;
  errors: SeenError[];
}

/** Errors in a stable order, so two lists compare whatever order the departments answered in. */
export function sortErrors(errors: SeenError[]): SeenError[] {
  return [...errors].sort((a, b) =>
    `${a.path} ${String(a.code)}`.localeCompare(`${b.path} ${String(b.code)}`),
  );
}

/** The certificate types that are health data (access-policy.json `sensitiveObjects`). */
export const HEALTH_CERTIFICATE_TYPES = ['HEALTH_CERTIFICATE', 'BIRTH_MEDICAL_CERTIFICATE'];

/** The masked identity number: first and last four characters kept (`3101**********0017`). */
export function maskIdentity(v: string): string {
  return v.length > 8 ? v.slice(0, 4) + '*'.repeat(v.length - 8) + v.slice(-4) : '*'.repeat(v.length);
}
/** The masked address: the district kept (`上海市普陀区****`). */
export function maskAddress(v: string): string {
  return [...v].slice(0, 6).join('') + '****';
}

/** The department that answers each field of a person and of a company. */
const PERSON_DEPARTMENT: Record<string, string> = {
  name: 'public-security',
  documentNumber: 'public-security',
  householdAddress: 'public-security',
  birthDate: 'public-security',
  certificates: 'big-data-center',
  properties: 'housing',
  socialSecurity: 'human-resources',
  healthCertificates: 'health',
  birthMedicalCertificate: 'health',
  companies: 'market-supervision',
  cases: 'service-center',
};
const COMPANY_DEPARTMENT: Record<string, string> = {
  name: 'market-supervision',
  address: 'market-supervision',
  legalRepresentative: 'market-supervision',
  licences: 'market-supervision',
  taxStatus: 'tax',
  certificates: 'big-data-center',
  cases: 'service-center',
  publicPlaceHealthPermits: 'health',
  properties: 'housing',
};

const reveals = (c: MatrixCaller, category: Category) => c.reveals.includes(category);
const outsidePurpose = (type: string, field: string, department: string, path: string): SeenError => ({
  code: 'FORBIDDEN',
  path,
  department,
  message: `${type}.${field} is outside the stated purpose`,
});
const notToTouch = (type: string, department: string, path: string): SeenError => ({
  code: 'FORBIDDEN',
  path,
  department,
  message: `this ${type} is not data this request may touch`,
});

/** The whole request refused at the gateway, before any department is asked. */
export function refusedReply(code: string, message: string): ExpectedReply {
  return { status: 403, errors: [{ code, path: '', department: null, message }] };
}

/** What `caller` should get for PERSON_QUERY about the person read as `b`. */
export function expectedPerson(c: MatrixCaller, b: PersonBaseline): ExpectedReply {
  if (c.refusedAll) return refusedReply(c.refusedAll.code, c.refusedAll.message('Query.person'));
  if (!mayTouch(c, 'Person', b.id))
    return refusedReply('FORBIDDEN', `Person "${b.id}" is not data this request may touch`);
  const errors: SeenError[] = [];
  const identity = (v: string | null) => (v === null || reveals(c, 'identity-number') ? v : maskIdentity(v));
  const address = (v: string | null) => (v === null || reveals(c, 'address') ? v : maskAddress(v));
  const health = <T>(v: T) => (reveals(c, 'health') ? v : null);
  const full: Json = {
    id: identity(b.id),
    name: b.name,
    documentNumber: identity(b.documentNumber),
    householdAddress: address(b.householdAddress),
    birthDate: b.birthDate,
    certificates: b.certificates
      .filter((x) => reveals(c, 'health') || !HEALTH_CERTIFICATE_TYPES.includes(x.type))
      .map((x) => ({ id: x.id })),
    properties: b.properties.map((p) => ({ address: address(p.address) })),
    socialSecurity: b.socialSecurity && { cardNumber: identity(b.socialSecurity.cardNumber) },
    healthCertificates: health(b.healthCertificates),
    birthMedicalCertificate: health(b.birthMedicalCertificate),
    companies: b.companies,
    cases: b.cases,
  };
  // A list of companies holding one the caller may not touch is null, with the first refusal.
  const refusedCompany = b.companies.findIndex((x) => !mayTouch(c, 'Company', x.uscc));
  if (refusedCompany >= 0) {
    full.companies = null;
    errors.push(notToTouch('Company', 'market-supervision', `person.companies.${refusedCompany}.uscc`));
  }
  const open = c.statutory?.Person;
  if (open)
    for (const field of Object.keys(PERSON_DEPARTMENT))
      if (!open.includes(field)) {
        full[field] = null;
        errors.push(outsidePurpose('Person', field, PERSON_DEPARTMENT[field]!, `person.${field}`));
      }
  return { status: 200, data: { person: full }, errors: sortErrors(errors) };
}

/** What `caller` should get for COMPANY_QUERY about the company read as `b`. */
export function expectedCompany(c: MatrixCaller, b: CompanyBaseline): ExpectedReply {
  if (c.refusedAll) return refusedReply(c.refusedAll.code, c.refusedAll.message('Query.company'));
  if (!mayTouch(c, 'Company', b.uscc))
    return refusedReply('FORBIDDEN', `Company "${b.uscc}" is not data this request may touch`);
  if (c.statutory && !c.statutory.Company) {
    // Market supervision refuses every field it is asked: the nullable ones each say so, the
    // first non-null one (the key) nulls the company, and no other department is asked.
    const refused = (path: string): SeenError => ({
      code: 'PURPOSE_INVALID',
      path,
      department: 'market-supervision',
      message: `purpose ${c.statutory!.code} does not cover Company data`,
    });
    return {
      status: 200,
      data: { company: null },
      errors: ['company.legalRepresentative', 'company.licences', 'company.uscc'].map(refused),
    };
  }
  const errors: SeenError[] = [];
  const address = (v: string) => (reveals(c, 'address') ? v : maskAddress(v));
  const rep = b.legalRepresentative;
  let legalRepresentative: Json | null = null;
  if (rep && mayTouch(c, 'Person', rep.id))
    legalRepresentative = {
      id: reveals(c, 'identity-number') ? rep.id : maskIdentity(rep.id),
      name: rep.name,
    };
  else if (rep) errors.push(notToTouch('Person', 'market-supervision', 'company.legalRepresentative.id'));
  const full: Json = {
    uscc: b.uscc,
    name: b.name,
    address: b.address,
    legalRepresentative,
    licences: b.licences,
    taxStatus: b.taxStatus && { creditRating: b.taxStatus.creditRating },
    certificates: b.certificates
      .filter((x) => reveals(c, 'health') || !HEALTH_CERTIFICATE_TYPES.includes(x.type))
      .map((x) => ({ id: x.id })),
    cases: b.cases,
    publicPlaceHealthPermits: b.publicPlaceHealthPermits,
    properties: b.properties.map((p) => ({ address: address(p.address) })),
  };
  const open = c.statutory?.Company;
  if (open)
    for (const field of Object.keys(COMPANY_DEPARTMENT))
      if (!open.includes(field)) {
        full[field] = null;
        errors.push(outsidePurpose('Company', field, COMPANY_DEPARTMENT[field]!, `company.${field}`));
      }
  return { status: 200, data: { company: full }, errors: sortErrors(errors) };
}
