/** What the housing adapter returns: the canonical model, plain data, ISO dates. */

export type OwnerType = 'PERSON' | 'COMPANY';

/** Who a lookup asks about: a person by canonical identity number, a company by unified social credit code. */
export interface OwnerKey {
  type: OwnerType;
  id: string;
}

export type PropertyUsage = 'RESIDENTIAL' | 'COMMERCIAL' | 'OFFICE' | 'INDUSTRIAL';

export interface PropertyOwner {
  type: OwnerType;
  /** Identity number (PERSON) or unified social credit code (COMPANY). */
  id: string;
  /** Share of the property, in percent (two decimals). */
  sharePercent: number;
}

export interface Property {
  /** Id of the same certificate in the electronic certificate library, e.g. `HS-RE-2019-012345`. */
  certificateId: string;
  /** Real estate certificate number as printed, e.g. 沪(2019)普字不动产权第012345号. */
  certificateNumber: string;
  /** The register's unit number, e.g. `PT-0588-12-0602`. */
  unitNumber: string;
  address: string;
  /** Floor area in m² (two decimals). */
  floorAreaM2: number;
  usage: PropertyUsage;
  /** YYYY-MM-DD */
  registeredOn: string;
  mortgaged: boolean;
  owners: PropertyOwner[];
}
