/**
 * Records as the enterprise registry sends them (snake_case, its own field names).
 * Typed `unknown` field by field: nothing is trusted until mapping.ts has checked it.
 */

/** The envelope of every registry answer. */
export interface LegacyEnvelope {
  code: number;
  message: string;
  data: unknown;
}

/** The `data` of a paged list. */
export interface LegacyPage {
  items: Record<string, unknown>[];
  total: number;
  page: number;
  page_size: number;
}

/** Field names of an enterprise record. */
export const ENTERPRISE = {
  uscc: 'unified_social_credit_code',
  name: 'enterprise_name',
  legalRepName: 'legal_rep_name',
  legalRepIdNo: 'legal_rep_id_no',
  capital: 'reg_capital_wan_yuan',
  established: 'establish_date',
  status: 'reg_status',
  industryCode: 'industry_code',
  scope: 'business_scope',
  address: 'address',
} as const;

/** Field names of a licence record. */
export const LICENSE = {
  certificateId: 'e_license_id',
  type: 'license_type',
  name: 'license_name',
  number: 'license_no',
  holder: 'holder_uscc',
  validFrom: 'valid_from',
  validTo: 'valid_to',
  status: 'license_status',
} as const;
