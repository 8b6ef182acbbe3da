import type { JWK } from 'jose';
import { logger } from '../../adapters/kit/logger';
import { KEY_FILES, keyFileFromEnv, loadPrivateJwk } from '../keys/key-store';
import { newWriterId } from './chain';
import { CheckpointSigner } from './checkpoints';
import { PostgresAuditStore, openPostgresAuditReader } from './postgres-store';
import type { AuditReader, WritableAuditStore } from './reader';
import type { AuditQuery, AuditRecord } from './record';
import {
  DEFAULT_AUDIT_SQLITE_PATH,
  SqliteAuditStore,
  openSqliteAuditReader,
  type SqliteSynchronous,
} from './sqlite-store';

export interface OpenAuditStoreOptions {
  /** The department this process writes for (subgraph name, or `gateway`): the writer id's prefix. */
  department: string;
  /** SQLite file, when no databaseUrl. @default DEFAULT_AUDIT_SQLITE_PATH (AUDIT_SQLITE_PATH or .data/audit.sqlite) */
  sqlitePath?: string;
  /** PostgreSQL when given (DATABASE_URL), else SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema of the tables. @default 'audit' */
  pgSchema?: string;
  /** Private Ed25519 JWK with a `kid` that signs checkpoints. @default none: no checkpoints (warned once) */
  signingKey?: JWK;
  /** Sign a checkpoint after this many records. @default 100 */
  checkpointEvery?: number;
  /** And this often (ms) while the head moves. @default 10_000 (10 s) */
  checkpointIntervalMs?: number;
  /** SQLite only: `NORMAL` survives a process crash (SIGKILL), `FULL` also power loss. @default 'NORMAL' */
  synchronous?: SqliteSynchronous;
}

/** Defaults of OpenAuditStoreOptions, with their units. */
export const AUDIT_STORE_DEFAULTS = {
  checkpointEvery: 100, // records
  checkpointIntervalMs: 10_000, // 10 s
  synchronous: 'NORMAL' as SqliteSynchronous,
  pgSchema: 'audit',
};

let warnedUnsigned = false;

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 1)
    throw new Error(`openAuditStore: ${name} must be a positive integer: ${String(value)}`);
  return value as number;
}

/**
 * Opens the audit store of one writer (a new chain, `<department>@<host>:<pid>:<random>`):
 * PostgreSQL when `databaseUrl` is given, else SQLite. Options are checked here, and a signing
 * key is imported here, so a wrong one stops start-up. Rejects with AUDIT_UNAVAILABLE when the
 * database cannot be opened or its tables created.
 */
export async function openAuditStore(options: OpenAuditStoreOptions): Promise<WritableAuditStore> {
  if (typeof options?.department !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(options.department))
    throw new Error(
      `openAuditStore: department must be a subgraph name like health: ${String(options?.department)}`,
    );
  const every = positiveInteger(
    'checkpointEvery',
    options.checkpointEvery,
    AUDIT_STORE_DEFAULTS.checkpointEvery,
  );
  const intervalMs = positiveInteger(
    'checkpointIntervalMs',
    options.checkpointIntervalMs,
    AUDIT_STORE_DEFAULTS.checkpointIntervalMs,
  );
  const synchronous = options.synchronous ?? AUDIT_STORE_DEFAULTS.synchronous;
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL')
    throw new Error(`openAuditStore: synchronous must be NORMAL or FULL: ${String(synchronous)}`);
  let signer: CheckpointSigner | null = null;
  if (options.signingKey !== undefined) {
    try {
      signer = await CheckpointSigner.create(options.signingKey);
    } catch (e) {
      throw new Error(`openAuditStore: ${(e as Error).message}`, { cause: e });
    }
  } else if (!warnedUnsigned) {
    warnedUnsigned = true;
    logger.warn(
      'audit: no signing key, so no signed checkpoints: verify can then prove the chains consistent but not that their tails were kept',
    );
  }
  const common = {
    department: options.department,
    writer: newWriterId(options.department),
    signer,
    checkpoints: { every, intervalMs },
  };
  if (options.databaseUrl)
    return PostgresAuditStore.open({
      ...common,
      databaseUrl: options.databaseUrl,
      schema: options.pgSchema ?? AUDIT_STORE_DEFAULTS.pgSchema,
    });
  return SqliteAuditStore.open({
    ...common,
    path: options.sqlitePath ?? DEFAULT_AUDIT_SQLITE_PATH,
    synchronous,
  });
}

export interface OpenAuditReaderOptions {
  /** @default DEFAULT_AUDIT_SQLITE_PATH */
  sqlitePath?: string;
  /** PostgreSQL when given. */
  databaseUrl?: string;
  /** @default 'audit' */
  pgSchema?: string;
}

/** A reader that can also run auditors' queries. */
export type AuditQueryReader = AuditReader & { query(q: AuditQuery): Promise<AuditRecord[]> };

/**
 * Opens the audit tables read-only, creating nothing and no writer chain: for `audit:verify`
 * and auditors' views. A SQLite file is opened read-only (a copy made for an auditor works).
 */
export async function openAuditReader(options: OpenAuditReaderOptions = {}): Promise<AuditQueryReader> {
  if (options.databaseUrl)
    return openPostgresAuditReader({
      databaseUrl: options.databaseUrl,
      schema: options.pgSchema ?? AUDIT_STORE_DEFAULTS.pgSchema,
    });
  return openSqliteAuditReader(options.sqlitePath ?? DEFAULT_AUDIT_SQLITE_PATH);
}

/**
 * This process's audit writer as every part opens it (gateway, departments, audit views), so all
 * write to and read from one trail: PostgreSQL at DATABASE_URL (schema AUDIT_PG_SCHEMA) when set,
 * else the SQLite file AUDIT_SQLITE_PATH; checkpoints signed with AUDIT_SIGNING_KEY_FILE
 * (default .data/keys/audit.private.jwk.json).
 */
export function auditStoreFromEnv(
  department: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<WritableAuditStore> {
  return openAuditStore({
    department,
    databaseUrl: env.DATABASE_URL,
    pgSchema: env.AUDIT_PG_SCHEMA,
    sqlitePath: env.AUDIT_SQLITE_PATH,
    signingKey: loadPrivateJwk(keyFileFromEnv(KEY_FILES.auditKey, env)),
  });
}
