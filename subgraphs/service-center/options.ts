import os from 'node:os';
import path from 'node:path';
import {
  fromEnv as bigDataCenterFromEnv,
  type BigDataCenterAdapterOptions,
} from '../../adapters/big-data-center';
import { cacheFromEnv, type Cache } from '../../adapters/kit/cache';
import type { Clock } from './clock';
import type { CertificateLibrary } from './library';
import type { Store } from './store/store';

export interface ServiceCenterSubgraphOptions {
  /**
   * PostgreSQL connection URL (`postgres://user@host:5432/db`). When set, the store is PostgreSQL;
   * otherwise the embedded SQLite file.
   */
  databaseUrl?: string;
  /** SQLite database file (its folder is created), or `:memory:`. @default path.join(os.tmpdir(), 'one-window', 'service-center.sqlite') */
  sqlitePath?: string;
  /** PostgreSQL schema holding the service centre's tables, created when missing. @default 'service_center' */
  pgSchema?: string;
  /** Most PostgreSQL connections open at once. @default 10 (connections) */
  pgPoolSize?: number;
  /** Most keys in one SQL `IN (...)` list; larger batches are split. @default 100 (keys) */
  maxBatchSize?: number;
  /** A store to use instead of opening one (tests wrap one); migrated on first use like an opened one, never closed by the subgraph. */
  store?: Store;
  /**
   * Folder holding matters.json and industries.json, loaded into the store at start-up when they changed.
   * @default the subgraph's data/ folder
   */
  catalogueDir?: string;
  /** How to reach the Big Data Center's certificate library (its adapter's options). @default the adapter's defaults */
  bigDataCenter?: BigDataCenterAdapterOptions;
  /** Where the library adapter caches certificates. @default cacheFromEnv(): Redis when REDIS_URL is set, else in-process */
  cache?: Cache;
  /** A certificate library to use instead of creating the big-data-center adapter (tests); never closed by the subgraph. */
  library?: CertificateLibrary;
  /** The clock for case timestamps, case ids and validity checks. @default the system clock */
  now?: Clock;
}

export const SERVICE_CENTER_DEFAULTS = {
  sqlitePath: path.join(os.tmpdir(), 'one-window', 'service-center.sqlite'),
  pgSchema: 'service_center',
  pgPoolSize: 10, // connections
  maxBatchSize: 100, // keys
} as const;

/** Options that stay optional after defaults are applied (absent means: the default behaviour). */
type Optional = 'databaseUrl' | 'store' | 'catalogueDir' | 'bigDataCenter' | 'cache' | 'library' | 'now';

export type ResolvedServiceCenterOptions = Required<Omit<ServiceCenterSubgraphOptions, Optional>> &
  Pick<ServiceCenterSubgraphOptions, Optional>;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A bad option value; `option` lets the environment reader name the variable instead. */
export class OptionError extends TypeError {
  constructor(
    readonly option: keyof ServiceCenterSubgraphOptions,
    message: string,
  ) {
    super(message);
  }
}

function positiveInteger(name: 'pgPoolSize' | 'maxBatchSize', v: number, max: number): number {
  if (!Number.isInteger(v) || v < 1 || v > max)
    throw new OptionError(name, `${name} must be an integer from 1 to ${max}: ${v}`);
  return v;
}

/** Applies the defaults and checks every option once, naming the option and the value it got. */
export function resolveServiceCenterOptions(
  options: ServiceCenterSubgraphOptions,
): ResolvedServiceCenterOptions {
  const o = { ...SERVICE_CENTER_DEFAULTS, ...options };
  if (o.databaseUrl !== undefined) {
    let protocol = '';
    try {
      protocol = new URL(o.databaseUrl).protocol;
    } catch {
      // reported below
    }
    // The URL may carry a password: name only its scheme.
    if (protocol !== 'postgres:' && protocol !== 'postgresql:')
      throw new OptionError(
        'databaseUrl',
        `databaseUrl must be a postgres:// URL: got ${protocol || 'something that is not a URL'}`,
      );
  }
  if (typeof o.sqlitePath !== 'string' || o.sqlitePath.trim() === '')
    throw new OptionError(
      'sqlitePath',
      `sqlitePath must be a file path or ':memory:': ${JSON.stringify(o.sqlitePath)}`,
    );
  // Interpolated into search_path and CREATE SCHEMA, so only plain lower-case identifiers.
  if (!SCHEMA_NAME.test(o.pgSchema))
    throw new OptionError(
      'pgSchema',
      `pgSchema must be a lower-case SQL identifier (a-z, 0-9, _): ${o.pgSchema}`,
    );
  if (o.catalogueDir !== undefined && (typeof o.catalogueDir !== 'string' || o.catalogueDir.trim() === ''))
    throw new OptionError(
      'catalogueDir',
      `catalogueDir must be a folder path: ${JSON.stringify(o.catalogueDir)}`,
    );
  positiveInteger('pgPoolSize', o.pgPoolSize, 1_000);
  positiveInteger('maxBatchSize', o.maxBatchSize, 1_000);
  return o;
}

/**
 * Options from the environment: DATABASE_URL, SERVICE_CENTER_SQLITE_PATH, SERVICE_CENTER_PG_SCHEMA,
 * SERVICE_CENTER_PG_POOL_SIZE, SERVICE_CENTER_MAX_BATCH_SIZE, SERVICE_CENTER_CATALOGUE_DIR, the
 * big-data-center adapter's BIG_DATA_CENTER_* variables and REDIS_URL for its cache. A bad value
 * stops start-up naming the variable.
 */
export function serviceCenterSubgraphOptionsFromEnv(env: NodeJS.ProcessEnv): ServiceCenterSubgraphOptions {
  const options: ServiceCenterSubgraphOptions = {};
  const set = (variable: string, apply: (raw: string) => void) => {
    const raw = env[variable];
    if (raw === undefined || raw === '') return;
    apply(raw);
  };
  set('DATABASE_URL', (v) => (options.databaseUrl = v));
  set('SERVICE_CENTER_SQLITE_PATH', (v) => (options.sqlitePath = v));
  set('SERVICE_CENTER_PG_SCHEMA', (v) => (options.pgSchema = v));
  set('SERVICE_CENTER_PG_POOL_SIZE', (v) => (options.pgPoolSize = Number(v)));
  set('SERVICE_CENTER_MAX_BATCH_SIZE', (v) => (options.maxBatchSize = Number(v)));
  set('SERVICE_CENTER_CATALOGUE_DIR', (v) => (options.catalogueDir = v));
  const variables: Record<string, string> = {
    databaseUrl: 'DATABASE_URL',
    sqlitePath: 'SERVICE_CENTER_SQLITE_PATH',
    pgSchema: 'SERVICE_CENTER_PG_SCHEMA',
    pgPoolSize: 'SERVICE_CENTER_PG_POOL_SIZE',
    maxBatchSize: 'SERVICE_CENTER_MAX_BATCH_SIZE',
    catalogueDir: 'SERVICE_CENTER_CATALOGUE_DIR',
  };
  try {
    resolveServiceCenterOptions(options);
  } catch (e) {
    if (e instanceof OptionError) throw new TypeError(`${variables[e.option] ?? e.option}: ${e.message}`);
    throw e;
  }
  // The adapter's reader names its own variables; the cache connects only once all is valid.
  options.bigDataCenter = Object.fromEntries(
    Object.entries(bigDataCenterFromEnv(env)).filter(([, v]) => v !== undefined),
  ) as BigDataCenterAdapterOptions;
  options.cache = cacheFromEnv(env);
  return options;
}
