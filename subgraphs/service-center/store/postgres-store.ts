import { Pool, type PoolClient } from 'pg';
import { DataLayerError } from '../../../adapters/kit/errors';
import { logger } from '../../../adapters/kit/logger';
import type { Catalogue } from '../catalogue/catalogue';
import { catalogueSource } from '../catalogue/catalogue-file';
import { loadMigrations, type Migration } from './migrations';
import { numberPlaceholders, type SqlSession } from './sql-session';
import { SqlStore } from './sql-store';

export interface PostgresStoreOptions {
  /** postgres://user@host:port/database */
  databaseUrl: string;
  /** The schema holding the tables (created when missing); keeps them apart from the audit log's. */
  schema: string;
  /** Most connections open at once. */
  poolSize: number;
  /** @default every file of migrations/ */
  migrations?: readonly Migration[];
  /** The matter catalogue to load. @default data/matters.json and data/industries.json, read at migrate() */
  catalogue?: Catalogue;
}

/** Error codes that mean the database is out of reach, not that a statement is wrong. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001',
  '08003',
  '08006',
]);

function storeError(e: unknown): unknown {
  const code = (e as { code?: string }).code;
  const message = (e as Error).message ?? '';
  if (
    (code && UNREACHABLE.has(code)) ||
    /Connection terminated|timeout exceeded when trying to connect/.test(message)
  )
    return new DataLayerError('DEPARTMENT_UNAVAILABLE', 'the service-center database is unreachable', {
      department: 'service-center',
      cause: e,
    });
  return e;
}

/** PostgreSQL when DATABASE_URL is set: a pg Pool whose connections all use the store's schema. */
export class PostgresStore extends SqlStore {
  readonly engine = 'postgres' as const;
  private readonly pool: Pool;
  private readonly schema: string;
  protected readonly session: SqlSession;

  constructor(options: PostgresStoreOptions) {
    super(options.migrations ?? loadMigrations(), catalogueSource(options.catalogue));
    this.schema = options.schema;
    this.pool = new Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize,
      connectionTimeoutMillis: 5_000, // 5 s: fail a request rather than queue it forever
      idleTimeoutMillis: 30_000, // 30 s
      // Set at connect time, so every statement of every pooled connection sees our tables.
      options: `-c search_path=${options.schema}`,
    });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    this.pool.on('error', (err) => logger.warn({ err }, 'service-center: idle PostgreSQL connection failed'));
    this.session = this.sessionOn(this.pool);
  }

  private sessionOn(target: Pool | PoolClient): SqlSession {
    return {
      query: async <T>(sql: string, params: readonly unknown[] = []) => {
        this.stats.statements++;
        try {
          return (await target.query(numberPlaceholders(sql), params as unknown[])).rows as T[];
        } catch (e) {
          throw storeError(e);
        }
      },
      exec: async (sql: string) => {
        this.stats.statements++;
        try {
          await target.query(sql);
        } catch (e) {
          throw storeError(e);
        }
      },
    };
  }

  protected async transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((e: unknown) => {
      throw storeError(e);
    });
    const tx = this.sessionOn(client);
    try {
      await tx.exec('BEGIN');
      const result = await fn(tx);
      await tx.exec('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  protected async lockForMigration(tx: SqlSession): Promise<void> {
    // Released at commit; processes starting together take turns instead of racing the DDL.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext(?))', [`one-window:service-center:${this.schema}`]);
    await tx.exec(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
