import mysql from 'mysql2/promise';
import { isServerError, mysqlError } from './errors';
import type { SqlReader, SqlRow, SqlValue } from './sql-reader';

/** Errors from a connection that was already dead when the query was sent. */
const stale = new WeakSet<Error>();

export interface MysqlReaderOptions {
  url: string;
  connections: number;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
}

/**
 * MariaDB through a mysql2 pool: server-side prepared statements (COM_STMT_EXECUTE, so
 * values never reach the SQL text), DATETIME and DECIMAL as strings (no time zone shift,
 * no float rounding). A connection that timed out or read garbage is destroyed, never
 * returned to the pool: mysql2 would keep waiting on it for the lost reply.
 */
export class MysqlReader implements SqlReader {
  readonly backend = 'mysql' as const;
  private readonly pool: mysql.Pool;
  private readonly queryTimeoutMs: number;

  constructor(options: MysqlReaderOptions) {
    this.queryTimeoutMs = options.queryTimeoutMs;
    this.pool = mysql.createPool({
      uri: options.url.replace(/^mariadb:/, 'mysql:'),
      connectionLimit: options.connections,
      maxIdle: options.connections,
      idleTimeout: 60_000, // 60 s
      connectTimeout: options.connectTimeoutMs,
      enableKeepAlive: true,
      charset: 'utf8mb4',
      dateStrings: true,
      decimalNumbers: false,
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
  }

  async query(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]> {
    try {
      return await this.once(sql, params);
    } catch (e) {
      // A pooled connection the server or a firewall cut while idle fails at once; one retry on a
      // fresh connection is safe because this is a read.
      if (stale.has(e as Error)) return this.once(sql, params);
      throw e;
    }
  }

  private async once(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]> {
    let conn: mysql.PoolConnection;
    try {
      conn = await this.pool.getConnection();
    } catch (e) {
      throw mysqlError(e);
    }
    try {
      const [rows] = await conn.execute({ sql, values: params as SqlValue[], timeout: this.queryTimeoutMs });
      conn.release();
      return rows as SqlRow[];
    } catch (e) {
      if (isServerError(e)) conn.release();
      else conn.destroy();
      const err = mysqlError(e);
      const code = (e as { code?: string }).code;
      if (
        code === 'PROTOCOL_CONNECTION_LOST' ||
        code === 'ECONNRESET' ||
        /closed state/i.test((e as Error).message ?? '')
      )
        stale.add(err);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
