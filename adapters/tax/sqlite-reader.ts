import Database from 'better-sqlite3';
import { sqliteError } from './errors';
import type { SqlReader, SqlRow, SqlValue } from './sql-reader';

/**
 * The embedded database, opened read-only (the adapter can never write the bureau's file).
 * better-sqlite3 is synchronous: a lock held by the bureau's writer blocks this process for
 * up to `busyTimeoutMs`, so that timeout stays short and ends in DEPARTMENT_TIMEOUT.
 * The file is opened lazily and re-opened after a failed open, so the adapter may start
 * before the database exists.
 */
export class SqliteReader implements SqlReader {
  readonly backend = 'sqlite' as const;
  private db: Database.Database | undefined;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly file: string,
    private readonly busyTimeoutMs: number,
  ) {}

  async query(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]> {
    try {
      return this.statement(sql).all(...params) as SqlRow[];
    } catch (e) {
      throw sqliteError(e);
    }
  }

  private statement(sql: string): Database.Statement {
    if (!this.db)
      this.db = new Database(this.file, { readonly: true, fileMustExist: true, timeout: this.busyTimeoutMs });
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.db?.close();
    this.db = undefined;
  }
}
