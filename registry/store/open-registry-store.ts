import path from 'node:path';
import type { RegistryStore } from '../model';
import { DEFAULT_REGISTRY_PG_SCHEMA } from './postgres-schema';
import { openPostgresRegistryStore } from './postgres-store';
import { SqliteRegistryStore } from './sqlite-store';
import { unavailableOnFailure } from './unavailable';

/** The embedded registry file when REGISTRY_SQLITE_PATH is not set, relative to the working directory. */
export const DEFAULT_REGISTRY_SQLITE_PATH = '.data/registry.sqlite';

export interface OpenRegistryStoreOptions {
  /** PostgreSQL when given (postgres://user@host:port/database), else SQLite. */
  databaseUrl?: string;
  /** The SQLite file when no databaseUrl. @default DEFAULT_REGISTRY_SQLITE_PATH, resolved against the working directory */
  sqlitePath?: string;
  /** The PostgreSQL schema of the tables. @default 'registry' */
  pgSchema?: string;
  /** The clock stamping versions, events and registrations (tests). @default () => new Date() */
  now?: () => Date;
}

/**
 * Opens the registry's store: PostgreSQL when `databaseUrl` is given (what several machines share),
 * else the SQLite file `sqlitePath` (what a CLI and gateways on one machine share). Creates what is
 * missing (folder, file, schema, tables); rejects with an Error naming the file or the schema when
 * it cannot. Later database failures are REGISTRY_UNAVAILABLE (unavailable.ts).
 */
export async function openRegistryStore(options: OpenRegistryStoreOptions = {}): Promise<RegistryStore> {
  if (options.databaseUrl)
    return unavailableOnFailure(
      await openPostgresRegistryStore(options.databaseUrl, options.pgSchema || DEFAULT_REGISTRY_PG_SCHEMA, {
        now: options.now,
      }),
    );
  const file = options.sqlitePath || DEFAULT_REGISTRY_SQLITE_PATH;
  return unavailableOnFailure(
    SqliteRegistryStore.open(file === ':memory:' ? file : path.resolve(file), { now: options.now }),
  );
}

/**
 * The registry every part opens (CLI, HTTP API, gateways), so all read and write one registry:
 * PostgreSQL at REGISTRY_DATABASE_URL, else at DATABASE_URL (schema REGISTRY_PG_SCHEMA, default
 * `registry`); else the SQLite file REGISTRY_SQLITE_PATH (default `.data/registry.sqlite`). An empty
 * variable counts as unset.
 */
export function registryStoreFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<RegistryStore> {
  return openRegistryStore({
    databaseUrl: env.REGISTRY_DATABASE_URL || env.DATABASE_URL || undefined,
    pgSchema: env.REGISTRY_PG_SCHEMA || undefined,
    sqlitePath: env.REGISTRY_SQLITE_PATH || undefined,
  });
}
