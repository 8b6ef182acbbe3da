import { GOLDEN as G } from '../../mocks/data/golden';
import type { Caller } from '../helpers/stack';

/** Sensitive categories, as trust/policy/access-policy.json names them. */
export type Category = 'identity-number' | 'address' | 'health';
const EVERY_CATEGORY: Category[] = ['identity-number', 'address', 'health'];

/**
 * One caller of the role × data matrix and what the access policy lets it read, stated here
 * from the policy's text (README, access-policy.json, purposes.json) rather than computed by
 * trust/policy, so the suite checks the product against an independent statement of the rules.
 */
export interface MatrixCaller {
  label: string;
  caller: Caller;
  /** Every read of personal data refused before any department is asked: the code and the message for a root field. */
  refusedAll?: { code: 'FORBIDDEN' | 'PURPOSE_REQUIRED'; message: (coordinate: string) => string };
  /** The persons (`Person.id`) the request may touch; `any` under a statutory purpose. */
  persons: readonly string[] | 'any';
  /** The companies (`Company.uscc`) the request may touch; `any` under a statutory purpose. */
  companies: readonly string[] | 'any';
  /** The sensitive categories shown unmasked. */
  reveals: readonly Category[];
  /** A statutory purpose: the fields it opens per type; a type it does not name is PURPOSE_INVALID. */
  statutory?: { code: string; Person?: readonly string[]; Company?: readonly string[] };
}

/** An officer's claims: staff id, department, window. */
export const officerClaims = (sub: string, department: string) => ({
  role: 'officer' as const,
  sub,
  department,
  window: 'A-07',
});

export const ZHANG_WEI_CITIZEN: Caller = {
  claims: { role: 'citizen', sub: 'citizen-zhang-wei', person: G.zhangWei },
};
export const LI_NA_CITIZEN: Caller = { claims: { role: 'citizen', sub: 'citizen-li-na', person: G.liNa } };
export const RESTAURANT_AGENT: Caller = {
  claims: { role: 'company_agent', sub: 'agent-restaurant', company: G.restaurant },
};
/** A self-service terminal holding both verification scopes. */
export const TERMINAL: Caller = {
  claims: {
    role: 'service',
    sub: 'terminal-putuo-03',
    client_id: 'terminal-putuo-03',
    scope: 'certificate:verify digital-id:verify',
  },
};
export const AUDITOR: Caller = { claims: { role: 'auditor', sub: 'auditor-01' } };
/** A window officer of the service centre stating `purpose` (null: none). */
export const windowOfficer = (purpose: string | null): Caller => ({
  claims: officerClaims('officer-0042', 'service-center'),
  purpose,
});

/** Zhang Wei's case (PS-002, public security, ISSUED). */
export const ZHANG_WEI_CASE = 'C2026110200001';
/** The restaurant's case (HL-002, health, IN_REVIEW). */
export const RESTAURANT_CASE = 'C2026112000001';
/** Li Na's case (HR-001, human resources, ACCEPTED). */
export const LI_NA_CASE = 'C2026112400001';

/** The fields TAX-INSPECTION opens on a company (purposes.json). */
const TAX_COMPANY_FIELDS = [
  'name',
  'address',
  'status',
  'industry',
  'registeredCapital',
  'taxStatus',
  'licences',
  'legalRepresentative',
];

/** Every role of the policy, with and without purpose; the golden facts decide whose data each may touch. */
export const CALLERS: MatrixCaller[] = [
  {
    label: 'CITIZEN Zhang Wei (father of the minor Zhang Xiaoyu)',
    caller: ZHANG_WEI_CITIZEN,
    persons: [G.zhangWei, G.zhangXiaoyu],
    companies: [],
    reveals: EVERY_CATEGORY,
  },
  {
    label: 'CITIZEN Li Na (mother of the minor Zhang Xiaoyu)',
    caller: LI_NA_CITIZEN,
    persons: [G.liNa, G.zhangXiaoyu],
    companies: [],
    reveals: EVERY_CATEGORY,
  },
  {
    label: 'COMPANY_AGENT of the restaurant',
    caller: RESTAURANT_AGENT,
    persons: [],
    companies: [G.restaurant],
    reveals: [],
  },
  {
    label: 'OFFICER without a purpose',
    caller: windowOfficer(null),
    refusedAll: {
      code: 'PURPOSE_REQUIRED',
      message: (c) => `${c}: state the purpose in the x-purpose header (case:<id> or a statutory code)`,
    },
    persons: [],
    companies: [],
    reveals: [],
  },
  {
    // The service centre's windows handle every matter; the case opens its applicant, his minor
    // child and the company he represents, with identity numbers and addresses but no health data.
    label: `OFFICER of the service centre on case ${ZHANG_WEI_CASE}`,
    caller: windowOfficer(`case:${ZHANG_WEI_CASE}`),
    persons: [G.zhangWei, G.zhangXiaoyu],
    companies: [G.restaurant],
    reveals: ['identity-number', 'address'],
  },
  {
    label: 'OFFICER stating IDENTITY-VERIFICATION',
    caller: windowOfficer('IDENTITY-VERIFICATION'),
    persons: 'any',
    companies: 'any',
    reveals: ['identity-number'],
    statutory: {
      code: 'IDENTITY-VERIFICATION',
      Person: ['name', 'nameLatin', 'documentType', 'documentNumber', 'nationality', 'sex', 'birthDate'],
    },
  },
  {
    label: 'OFFICER of tax stating TAX-INSPECTION',
    caller: { claims: officerClaims('tax-officer-07', 'tax'), purpose: 'TAX-INSPECTION' },
    persons: 'any',
    companies: 'any',
    reveals: [],
    statutory: { code: 'TAX-INSPECTION', Person: ['name'], Company: TAX_COMPANY_FIELDS },
  },
  {
    // A company's case opens the company and its legal representative (not his child); the
    // health department's officers see health data on their cases.
    label: `OFFICER of health on case ${RESTAURANT_CASE}`,
    caller: { claims: officerClaims('health-officer-11', 'health'), purpose: `case:${RESTAURANT_CASE}` },
    persons: [G.zhangWei],
    companies: [G.restaurant],
    reveals: EVERY_CATEGORY,
  },
  {
    label: 'AUDITOR',
    caller: AUDITOR,
    refusedAll: { code: 'FORBIDDEN', message: (c) => `${c} is not open to AUDITOR` },
    persons: [],
    companies: [],
    reveals: [],
  },
  {
    label: 'SERVICE terminal (certificate:verify digital-id:verify)',
    caller: TERMINAL,
    refusedAll: { code: 'FORBIDDEN', message: (c) => `${c} is not open to SERVICE` },
    persons: [],
    companies: [],
    reveals: [],
  },
];

/** The golden persons and companies every caller is tried against. */
export const GOLDEN_PERSONS = [
  G.zhangWei,
  G.liNa,
  G.chanKaMing,
  G.zhangXiaoyu,
  G.wangQiang,
  G.foreigner,
  G.zhouYan,
] as const;
export const GOLDEN_COMPANIES = [G.restaurant, G.pharmacy, G.supermarket] as const;

/** May this caller touch this subject at all? */
export function mayTouch(c: MatrixCaller, kind: 'Person' | 'Company', id: string): boolean {
  const allowed = kind === 'Person' ? c.persons : c.companies;
  return allowed === 'any' || allowed.includes(id);
}
