import type { ApplicantType, CaseRecord, DepartmentRecord } from '../model';
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

  constructor(private readonly migrations: readonly Migration[]) {}

  /** A session outside any transaction (the pool for PostgreSQL). */
  protected abstract readonly session: SqlSession;
  /** Runs fn in one transaction on one connection; commits when it resolves, rolls back when it throws. */
  protected abstract transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** Serialises migrations across processes and prepares the place the tables live in. */
  protected abstract lockForMigration(tx: SqlSession): Promise<void>;
  abstract close(): Promise<void>;

  migrate(): Promise<MigrationReport> {
    return this.transaction(async (tx) => {
      await this.lockForMigration(tx);
      return applyMigrations(tx, this.migrations);
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

  async ping(): Promise<void> {
    await this.session.query(SQL.ping);
  }
}
