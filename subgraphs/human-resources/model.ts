/** What the Person resolvers get as parent: the entity reference, nothing fetched yet. */
export interface PersonParent {
  id: string;
}

export type { SocialSecurity as SocialSecurityParent } from '../../adapters/human-resources/model';
