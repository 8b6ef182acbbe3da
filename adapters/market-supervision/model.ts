/** The canonical models the market supervision adapter returns: plain data, ISO dates (YYYY-MM-DD). */

export type CompanyStatus = 'OPERATING' | 'REVOKED' | 'DEREGISTERED';

export interface Company {
  /** Unified social credit code (GB 32100), upper-case. */
  uscc: string;
  name: string;
  /** Canonical identity number of the legal representative (check character upper-case). */
  legalRepresentativeId: string;
  /** The name as the registry holds it; the public security record is the authority. */
  legalRepresentativeName: string;
  /** Industry slug (e.g. `restaurant`) where the registry's GB/T 4754 class is known, else the class itself (e.g. `L7200`). */
  industry: string;
  address: string;
  /** YYYY-MM-DD */
  establishedOn: string;
  /** Registered capital in units of 10,000 CNY. */
  registeredCapital: number;
  status: CompanyStatus;
  businessScope: string;
}

export type LicenceType = 'BUSINESS_LICENCE' | 'FOOD_BUSINESS_PERMIT' | 'DRUG_RETAIL_PERMIT';
export type LicenceStatus = 'VALID' | 'EXPIRED' | 'REVOKED';

export interface Licence {
  /** Id of the same certificate in the electronic certificate library (big-data-center). */
  certificateId: string;
  type: LicenceType;
  /** Title as printed, e.g. 营业执照. */
  title: string;
  /** The number printed on the licence. */
  number: string;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, or null when the licence has no end (长期). */
  validUntil: string | null;
  status: LicenceStatus;
}
