import { loadCatalogue } from '../catalogue/catalogue-file';
import { PostgresStore } from './postgres-store';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

export interface OpenStoreOptions {
  /** When set, PostgreSQL; otherwise SQLite at sqlitePath. */
  databaseUrl?: string;
  sqlitePath: string;
  pgSchema: string;
  pgPoolSize: number;
  /** Folder of matters.json and industries.json. @default data/ */
  catalogueDir?: string;
}

/** Opens the store the options ask for and brings its schema up to date. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  // Read first: a malformed catalogue stops start-up before any connection is opened.
  const catalogue = options.catalogueDir ? loadCatalogue(options.catalogueDir) : undefined;
  const store: Store = options.databaseUrl
    ? new PostgresStore({
        databaseUrl: options.databaseUrl,
        schema: options.pgSchema,
        poolSize: options.pgPoolSize,
        catalogue,
      })
    : new SqliteStore({ path: options.sqlitePath, catalogue });
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}
