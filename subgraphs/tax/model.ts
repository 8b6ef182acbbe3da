import type { TaxStatus } from '../../adapters/tax/model';

/** What the Company resolvers pass down: only the key; taxStatus is loaded per field, batched. */
export interface CompanyRef {
  uscc: string;
}

/** TaxStatus resolvers receive the adapter's canonical record. */
export type TaxStatusParent = TaxStatus;
