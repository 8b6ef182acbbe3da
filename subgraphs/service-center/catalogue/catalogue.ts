import type { CaseChannel } from '../model';

/** The catalogue as data/matters.json and data/industries.json hold it (and the store serves it). */

export type MatterAudience = 'PERSON' | 'COMPANY' | 'BOTH';

export type MaterialKind = 'CERTIFICATE' | 'FORM' | 'PHOTO' | 'DOCUMENT';

/** One material a matter asks for. */
export interface MaterialRequirement {
  code: string;
  name: string;
  kind: MaterialKind;
  /** Only for kind CERTIFICATE: the library certificate type that replaces the paper. */
  certificateType: string | null;
  required: boolean;
}

/** The certificate a department issues when a case of the matter is decided. */
export interface IssuedCertificateSpec {
  certificateType: string;
  title: string;
  validityYears: number;
}

export interface MatterRecord {
  code: string;
  name: string;
  nameEn: string;
  departmentCode: string;
  audience: MatterAudience;
  category: string;
  channels: CaseChannel[];
  legalTimeLimitDays: number;
  promisedTimeLimitDays: number;
  materials: MaterialRequirement[];
  issues: IssuedCertificateSpec | null;
  /** 1-based place in the catalogue file; lists are in this order and cursors point into it. */
  position: number;
  /** False once the matter left the catalogue file: its cases keep it, new ones cannot use it. */
  inCatalogue: boolean;
}

/** One permit an industry's comprehensive licence combines. */
export interface IndustryComponentSpec {
  certificateType: string;
  name: string;
  departmentCode: string;
}

export interface IndustryRecord {
  code: string;
  name: string;
  nameEn: string;
  /** The combined matter a company applies for, e.g. `IND-RESTAURANT`. */
  matterCode: string;
  components: IndustryComponentSpec[];
}

/** Both files, checked, with the sha256 that says whether the store already holds this version. */
export interface Catalogue {
  matters: MatterRecord[];
  industries: IndustryRecord[];
  checksum: string;
}
