import type { Catalogue, IndustryRecord, MatterRecord } from '../catalogue/catalogue';
import type {
  ApplicantType,
  CaseEventRecord,
  CaseRecord,
  DepartmentRecord,
  MaterialCheckRecord,
} from '../model';
import {
  listIndustries,
  matterPage,
  mattersByCode,
  type MatterFilter,
  type MatterPage,
} from './catalogue-reads';
import { seedCatalogue } from './catalogue-seed';
import {
  caseByIdempotencyKey,
  eventsOfCases,
  insertCase,
  materialsOfCases,
  moveCase,
  type CaseStep,
  type NewCase,
} from './case-writes';
import { applyMigrations, readApplied } from './migrator';
import type { Migration } from './migrations';
import { SQL, toCase, toDepartment, type CaseRow, type DepartmentRow } from './queries';
import type { SqlSession } from './sql-session';
import type { AppliedMigration, MigrationReport, Store } from './store';

/**
 * The Store on top of any SQL engine: the engines supply a session, a transaction and their
 * migration lock; the statements are the same.
 */
export abstract class SqlStore implements Store {
  abstract readonly engine: 'sqlite' | 'postgres';
  readonly stats = { statements: 0 };

  constructor(
    private readonly migrations: readonly Migration[],
    private readonly catalogue: () => Catalogue,
  ) {}

  /** A session outside any transaction (the pool for PostgreSQL). */
  protected abstract readonly session: SqlSession;
  /** Runs fn in one transaction on one connection; commits when it resolves, rolls back when it throws. */
  protected abstract transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** Serialises migrations across processes and prepares the place the tables live in. */
  protected abstract lockForMigration(tx: SqlSession): Promise<void>;
  abstract close(): Promise<void>;

  migrate(): Promise<MigrationReport> {
    // Read before the transaction: a malformed file stops start-up without touching the database.
    const catalogue = this.catalogue();
    return this.transaction(async (tx) => {
      await this.lockForMigration(tx);
      const report = await applyMigrations(tx, this.migrations);
      return { ...report, catalogue: await seedCatalogue(tx, catalogue) };
    });
  }

  appliedMigrations(): Promise<AppliedMigration[]> {
    return readApplied(this.session);
  }

  async listDepartments(): Promise<DepartmentRecord[]> {
    return (await this.session.query<DepartmentRow>(SQL.listDepartments)).map(toDepartment);
  }

  async departmentsByCode(codes: readonly string[]): Promise<DepartmentRecord[]> {
    if (codes.length === 0) return [];
    return (await this.session.query<DepartmentRow>(SQL.departmentsByCode(codes.length), codes)).map(
      toDepartment,
    );
  }

  async casesById(ids: readonly string[]): Promise<CaseRecord[]> {
    if (ids.length === 0) return [];
    return (await this.session.query<CaseRow>(SQL.casesById(ids.length), ids)).map(toCase);
  }

  async casesByApplicant(type: ApplicantType, applicantIds: readonly string[]): Promise<CaseRecord[]> {
    if (applicantIds.length === 0) return [];
    const rows = await this.session.query<CaseRow>(SQL.casesByApplicant(applicantIds.length), [
      type,
      ...applicantIds,
    ]);
    return rows.map(toCase);
  }

  mattersByCode(codes: readonly string[]): Promise<MatterRecord[]> {
    return mattersByCode(this.session, codes);
  }

  matterPage(filter: MatterFilter, after: number, first: number): Promise<MatterPage> {
    return matterPage(this.session, filter, after, first);
  }

  listIndustries(): Promise<IndustryRecord[]> {
    return listIndustries(this.session);
  }

  caseMaterials(ids: readonly string[]): Promise<Map<string, MaterialCheckRecord[]>> {
    return materialsOfCases(this.session, ids);
  }

  caseEvents(ids: readonly string[]): Promise<Map<string, CaseEventRecord[]>> {
    return eventsOfCases(this.session, ids);
  }

  caseByIdempotencyKey(key: string): Promise<{ id: string; requestHash: string } | null> {
    return caseByIdempotencyKey(this.session, key);
  }

  createCase(c: NewCase): Promise<string> {
    return this.transaction((tx) => insertCase(tx, c));
  }

  moveCase(
    id: string,
    version: number,
    steps: readonly CaseStep[],
    at: Date,
    issuedCertificateId: string | null,
  ): Promise<boolean> {
    return this.transaction((tx) => moveCase(tx, id, version, steps, at, issuedCertificateId));
  }

  async ping(): Promise<void> {
    await this.session.query(SQL.ping);
  }
}
