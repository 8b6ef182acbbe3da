import type { IndustryRecord, MatterRecord } from '../catalogue/catalogue';
import type {
  ApplicantType,
  CaseEventRecord,
  CaseRecord,
  DepartmentRecord,
  MaterialCheckRecord,
} from '../model';
import type { MatterFilter, MatterPage } from './catalogue-reads';
import type { CaseStep, NewCase } from './case-writes';
import type { CatalogueSeedResult } from './catalogue-seed';

/** A migration recorded in `schema_migrations`. */
export interface AppliedMigration {
  version: number;
  name: string;
}

export interface MigrationReport {
  /** File names applied by this run, in order; empty when the database was up to date. */
  applied: string[];
  /** The newest version the database now has. */
  version: number;
  /** Whether this start loaded the catalogue files (they changed) or found them already loaded. */
  catalogue: CatalogueSeedResult;
}

/**
 * The service centre's own store. SQLite (embedded default) and PostgreSQL (DATABASE_URL)
 * implement it with the same SQL. Reads are one statement per batch of keys (a matter with its
 * channels and materials: three); writes are one transaction.
 */
export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /** SQL statements sent since the store was opened (tests pin batching with it; metrics read it). */
  readonly stats: { statements: number };
  /**
   * Applies the pending migrations in one transaction and records them in `schema_migrations`,
   * then, in the same transaction, loads the catalogue files when they changed since the last start.
   * Refuses (MigrationError) a database holding a version this code does not know.
   */
  migrate(): Promise<MigrationReport>;
  appliedMigrations(): Promise<AppliedMigration[]>;
  /** Every department, in display order. */
  listDepartments(): Promise<DepartmentRecord[]>;
  /** The departments with these codes, in no particular order; unknown codes are left out. */
  departmentsByCode(codes: readonly string[]): Promise<DepartmentRecord[]>;
  /** The cases with these ids, in no particular order; unknown ids are left out. */
  casesById(ids: readonly string[]): Promise<CaseRecord[]>;
  /** Every case of these applicants, newest first. */
  casesByApplicant(type: ApplicantType, applicantIds: readonly string[]): Promise<CaseRecord[]>;
  /** The matters with these codes (in the catalogue or withdrawn from it); unknown codes are left out. */
  mattersByCode(codes: readonly string[]): Promise<MatterRecord[]>;
  /** One page of the catalogue, in catalogue order, after the matter at position `after` (0: the start). */
  matterPage(filter: MatterFilter, after: number, first: number): Promise<MatterPage>;
  /** The pilot industries of one licence for one industry, in catalogue order. */
  listIndustries(): Promise<IndustryRecord[]>;
  /** The pre-checked materials of these cases, by case id. */
  caseMaterials(ids: readonly string[]): Promise<Map<string, MaterialCheckRecord[]>>;
  /** The history of these cases, by case id, oldest first. */
  caseEvents(ids: readonly string[]): Promise<Map<string, CaseEventRecord[]>>;
  /** The case an idempotency key was first used for, with that request's hash; null for a new key. */
  caseByIdempotencyKey(key: string): Promise<{ id: string; requestHash: string } | null>;
  /**
   * Writes a case with its materials and history in one transaction and returns its id. Throws
   * IdempotencyKeyTaken, writing nothing, when another submit holds the key.
   */
  createCase(c: NewCase): Promise<string>;
  /**
   * Moves a case through `steps` in one transaction if it is still at `version`; false (nothing
   * written) when another change came first.
   */
  moveCase(
    id: string,
    version: number,
    steps: readonly CaseStep[],
    at: Date,
    issuedCertificateId: string | null,
  ): Promise<boolean>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
