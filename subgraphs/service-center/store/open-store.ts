import { PostgresStore } from './postgres-store';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

export interface OpenStoreOptions {
  /** When set, PostgreSQL; otherwise SQLite at sqlitePath. */
  databaseUrl?: string;
  sqlitePath: string;
  pgSchema: string;
  pgPoolSize: number;
}

/** Opens the store the options ask for and brings its schema up to date. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store: Store = options.databaseUrl
    ? new PostgresStore({
        databaseUrl: options.databaseUrl,
        schema: options.pgSchema,
        poolSize: options.pgPoolSize,
      })
    : new SqliteStore({ path: options.sqlitePath });
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}
