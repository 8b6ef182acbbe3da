/** What the resolvers pass between each other (codegen `mappers`): entity references and adapter models. */
export type {
  Property as PropertyModel,
  PropertyOwner as PropertyOwnerModel,
} from '../../adapters/housing/model';

/** A Person as this subgraph sees it: the key alone (properties are loaded per field, batched). */
export interface PersonParent {
  id: string;
}

/** A Company as this subgraph sees it: the key alone. */
export interface CompanyParent {
  uscc: string;
}

/** A certificate stub: the library id, resolved by the big-data-center subgraph. */
export interface CertificateParent {
  id: string;
}
