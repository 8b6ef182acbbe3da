import type { Pool } from 'pg';

/**
 * Runs `ddl` (CREATE ... IF NOT EXISTS statements) in one transaction under a transaction-level
 * advisory lock named `lockName`: processes starting together take turns instead of racing the
 * same DDL (which PostgreSQL can fail with a unique violation in its catalogue). The lock is
 * released at commit; on failure the transaction is rolled back and the error rethrown.
 */
export async function prepareSchemaUnderLock(pool: Pool, lockName: string, ddl: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockName]);
    await client.query(ddl);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
