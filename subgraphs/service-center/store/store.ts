import type { ApplicantType, CaseRecord, DepartmentRecord } from '../model';

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
}

/**
 * The service centre's own store. SQLite (embedded default) and PostgreSQL (DATABASE_URL)
 * implement it with the same SQL; every method is one statement.
 */
export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /** SQL statements sent since the store was opened (tests pin batching with it; metrics read it). */
  readonly stats: { statements: number };
  /**
   * Applies the pending migrations in one transaction and records them in `schema_migrations`.
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
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
