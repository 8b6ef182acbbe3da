import { Client } from 'pg';
import { checkSchemaName } from '../../trust/audit/postgres-schema';

/**
 * Drops PostgreSQL schemas a test stack or a bench run made for itself (its audit trail, its
 * service centre's store), with everything in them, so runs against a shared database do not pile
 * them up (a bench run leaves ~100,000 audit rows).
 */
export async function dropSchemas(databaseUrl: string, schemas: readonly string[]): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${checkSchemaName(s)}" CASCADE`);
  } finally {
    await client.end();
  }
}
