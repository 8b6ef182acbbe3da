import type { Company, Licence } from '../../adapters/market-supervision/model';

/** What Company resolvers receive: the adapter's canonical company. */
export type CompanyParent = Company;
/** What Licence resolvers receive: the adapter's canonical licence. */
export type LicenceParent = Licence;
/** What Person resolvers receive: only the key; the person's core lives in public-security. */
export interface PersonParent {
  id: string;
}
