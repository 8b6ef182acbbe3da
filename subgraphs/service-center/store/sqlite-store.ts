import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Catalogue } from '../catalogue/catalogue';
import { catalogueSource } from '../catalogue/catalogue-file';
import { loadMigrations, type Migration } from './migrations';
import type { SqlSession } from './sql-session';
import { SqlStore } from './sql-store';

export interface SqliteStoreOptions {
  /** The database file (its folder is created), or `:memory:`. */
  path: string;
  /** @default every file of migrations/ */
  migrations?: readonly Migration[];
  /** The matter catalogue to load. @default data/matters.json and data/industries.json, read at migrate() */
  catalogue?: Catalogue;
}

/** The embedded default: one better-sqlite3 connection (synchronous calls behind the async Store). */
export class SqliteStore extends SqlStore {
  readonly engine = 'sqlite' as const;
  private readonly db: Database.Database;
  // Statements are compiled once; IN lists of different lengths are different statements.
  private readonly statements = new Map<string, Database.Statement>();
  protected readonly session: SqlSession;
  /** The session a transaction's own statements run on: straight to the connection. */
  private readonly inTransaction: SqlSession;

  constructor(options: SqliteStoreOptions) {
    super(options.migrations ?? loadMigrations(), catalogueSource(options.catalogue));
    if (options.path !== ':memory:') mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
    this.db = new Database(options.path);
    if (options.path !== ':memory:') this.db.pragma('journal_mode = WAL');
    // SQLite ignores REFERENCES unless asked, per connection.
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.inTransaction = {
      query: async <T>(sql: string, params: readonly unknown[] = []) => this.query<T>(sql, params),
      exec: async (sql: string) => {
        this.stats.statements++;
        this.db.exec(sql);
      },
    };
    // A read outside a transaction shares the one connection with any transaction open on it,
    // and would see its uncommitted rows (a case without its materials, or one about to roll
    // back): it waits for the transactions queued before it.
    this.session = {
      query: async <T>(sql: string, params: readonly unknown[] = []) => {
        await this.queue;
        return this.query<T>(sql, params);
      },
      exec: async (sql: string) => {
        await this.queue;
        return this.inTransaction.exec(sql);
      },
    };
  }

  private query<T>(sql: string, params: readonly unknown[]): T[] {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    this.stats.statements++;
    if (stmt.reader) return stmt.all(...params) as T[];
    stmt.run(...params);
    return [];
  }

  // One connection holds one transaction at a time: transactions queue here instead of failing
  // with "cannot start a transaction within a transaction" when two requests write at once.
  private queue: Promise<unknown> = Promise.resolve();

  protected transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.transactionNow(fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async transactionNow<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    // IMMEDIATE takes the write lock up front: a second process migrating the same file waits
    // (busy_timeout) instead of failing halfway.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn(this.inTransaction);
      this.db.exec('COMMIT');
      return result;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
  }

  protected async lockForMigration(): Promise<void> {
    // BEGIN IMMEDIATE already holds the database's write lock.
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
