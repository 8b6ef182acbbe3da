import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DataLayerError } from '../../adapters/kit/errors';
import { normalizeQuery, unknownCursor } from './audit-query';
import type { ChainHead } from './chain';
import { ChainWriter, type ChainBackend, type CheckpointPolicy } from './chain-writer';
import type { CheckpointSigner } from './checkpoints';
import { querySql } from './query-sql';
import { CHAIN_PAGE_SIZE, type AuditCheckpoint, type AuditReader, type WritableAuditStore } from './reader';
import type { AuditDraft, AuditQuery, AuditRecord } from './record';
import {
  CHECKPOINT_COLUMNS,
  RECORD_COLUMNS,
  checkpointValues,
  recordValues,
  rowToCheckpoint,
  rowToRecord,
  type CheckpointRow,
  type RecordRow,
} from './record-row';
import { SQLITE_SCHEMA } from './sqlite-schema';

/** The embedded default file, relative to the working directory: AUDIT_SQLITE_PATH or `.data/audit.sqlite`. */
export const DEFAULT_AUDIT_SQLITE_PATH = path.resolve(process.env.AUDIT_SQLITE_PATH ?? '.data/audit.sqlite');

/**
 * How hard SQLite syncs a commit (PRAGMA synchronous, WAL mode).
 * - `NORMAL`: a commit is in the write-ahead log (the OS's page cache) when append resolves: it
 *   survives the process crashing or being SIGKILLed, not the machine losing power. The WAL is
 *   fsynced at each WAL checkpoint, not per commit: fast.
 * - `FULL`: the WAL is fsynced at every commit: also survives power loss, at one fsync per transaction.
 */
export type SqliteSynchronous = 'NORMAL' | 'FULL';

/** Rows after this (seq, rowid), by seq then insertion order: two rows claiming one seq both come back. */
const CHAIN_PAGE_SQL = `SELECT rowid AS row_id, ${RECORD_COLUMNS.join(', ')} FROM audit_records
  WHERE writer = ? AND (seq, rowid) > (?, ?) ORDER BY seq, rowid LIMIT ?`;
/** Every writer, one index seek each (a loose index scan), not a scan of every record. */
const WRITERS_SQL = `WITH RECURSIVE w(writer) AS (
    SELECT MIN(writer) FROM audit_records
    UNION ALL SELECT (SELECT MIN(writer) FROM audit_records WHERE writer > w.writer) FROM w WHERE w.writer IS NOT NULL
  )
  SELECT writer FROM w WHERE writer IS NOT NULL UNION SELECT writer FROM audit_checkpoints ORDER BY 1`;

function openFailed(file: string, e: unknown): DataLayerError {
  return new DataLayerError(
    'AUDIT_UNAVAILABLE',
    `audit store: cannot open ${file}: ${(e as Error).message}`,
    {
      cause: e,
    },
  );
}

/** Reads the audit tables of one SQLite connection (records, chains, checkpoints, queries). */
export class SqliteAuditReader implements AuditReader {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(protected readonly db: Database.Database) {}

  protected statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  async query(q: AuditQuery): Promise<AuditRecord[]> {
    const nq = normalizeQuery(q);
    try {
      let cursorTime: string | null = null;
      if (nq.after) {
        const row = this.statement('SELECT time FROM audit_records WHERE writer = ? AND seq = ?').get(
          nq.after.writer,
          nq.after.seq,
        ) as { time: string } | undefined;
        if (!row) throw unknownCursor(nq.after);
        cursorTime = row.time;
      }
      const { sql, params } = querySql('audit_records', nq, cursorTime);
      return (this.statement(sql).all(...params) as RecordRow[]).map(rowToRecord);
    } catch (e) {
      if (e instanceof DataLayerError) throw e;
      throw new DataLayerError('AUDIT_UNAVAILABLE', `audit store: query failed: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  async readChains(): Promise<string[]> {
    return (this.statement(WRITERS_SQL).all() as { writer: string }[]).map((r) => r.writer);
  }

  async *readChain(writer: string): AsyncIterable<AuditRecord> {
    let after: [number, number] = [Number.MIN_SAFE_INTEGER, -1];
    for (;;) {
      const rows = this.statement(CHAIN_PAGE_SQL).all(
        writer,
        after[0],
        after[1],
        CHAIN_PAGE_SIZE,
      ) as (RecordRow & {
        row_id: number;
      })[];
      for (const row of rows) yield rowToRecord(row);
      const last = rows[rows.length - 1];
      if (!last || rows.length < CHAIN_PAGE_SIZE) return;
      after = [Number(last.seq), last.row_id];
    }
  }

  async readCheckpoints(writer: string): Promise<AuditCheckpoint[]> {
    const rows = this.statement(
      `SELECT ${CHECKPOINT_COLUMNS.join(', ')} FROM audit_checkpoints WHERE writer = ? ORDER BY seq, rowid`,
    ).all(writer) as CheckpointRow[];
    return rows.map(rowToCheckpoint);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

export interface SqliteAuditStoreOptions {
  /** The database file (its folder is created). @default DEFAULT_AUDIT_SQLITE_PATH */
  path?: string;
  department: string;
  writer: string;
  signer: CheckpointSigner | null;
  checkpoints: CheckpointPolicy;
  /** @default 'NORMAL' (survives a process crash; 'FULL' also survives power loss) */
  synchronous?: SqliteSynchronous;
}

/**
 * One writer on a SQLite file that several processes share: WAL mode (readers never block the
 * writer, writers take turns), busy_timeout 5 s (a writer waits for another's commit rather
 * than failing). better-sqlite3 is synchronous, so a wait for the lock blocks this process's
 * event loop for up to those 5 s; commits are short, so in practice it is microseconds.
 */
export class SqliteAuditStore extends SqliteAuditReader implements WritableAuditStore {
  private readonly chain: ChainWriter;

  private constructor(db: Database.Database, options: SqliteAuditStoreOptions) {
    super(db);
    const insertRecord = db.prepare(
      `INSERT INTO audit_records (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map(() => '?').join(', ')})`,
    );
    const insertCheckpoint = db.prepare(
      `INSERT INTO audit_checkpoints (${CHECKPOINT_COLUMNS.join(', ')}) VALUES (${CHECKPOINT_COLUMNS.map(() => '?').join(', ')})`,
    );
    // IMMEDIATE: the write lock is taken up front, so a busy file is waited for (busy_timeout)
    // instead of failing when a read lock cannot be upgraded.
    const insert = db.transaction((records: readonly AuditRecord[], checkpoint: AuditCheckpoint | null) => {
      for (const r of records) insertRecord.run(recordValues(r));
      if (checkpoint) insertCheckpoint.run(checkpointValues(checkpoint));
    }).immediate;
    const backend: ChainBackend = {
      insert: async (records, checkpoint) => insert(records, checkpoint),
      readHead: async (writer) => {
        const row = this.statement(
          'SELECT seq, hash FROM audit_records WHERE writer = ? ORDER BY seq DESC LIMIT 1',
        ).get(writer) as ChainHead | undefined;
        return row ? { seq: Number(row.seq), hash: row.hash } : null;
      },
    };
    this.chain = new ChainWriter(
      options.writer,
      options.department,
      backend,
      options.signer,
      options.checkpoints,
    );
  }

  /** Opens (creating the folder, the file and the tables when missing) a store for one new writer chain. */
  static open(options: SqliteAuditStoreOptions): SqliteAuditStore {
    const file = options.path ?? DEFAULT_AUDIT_SQLITE_PATH;
    let db: Database.Database | undefined;
    try {
      if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      db = new Database(file);
      // First, so that the pragmas and the schema below wait for another process opening the file too.
      db.pragma('busy_timeout = 5000');
      if (file !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      const conn = db;
      db.transaction(() => conn.exec(SQLITE_SCHEMA)).immediate();
      return new SqliteAuditStore(db, options);
    } catch (e) {
      if (db?.open) db.close();
      throw openFailed(file, e);
    }
  }

  get writer(): string {
    return this.chain.writer;
  }

  get head(): ChainHead {
    return this.chain.head;
  }

  append(drafts: AuditDraft[]): Promise<AuditRecord[]> {
    return this.chain.append(drafts);
  }

  checkpoint(): Promise<void> {
    return this.chain.checkpoint();
  }

  override async close(): Promise<void> {
    await this.chain.close();
    await super.close();
  }
}

/**
 * A read-only connection for verification and auditors' tools: creates nothing (no folder, no
 * file, no table, no writer chain). Rejects when the file or its audit tables do not exist.
 */
export function openSqliteAuditReader(file: string = DEFAULT_AUDIT_SQLITE_PATH): SqliteAuditReader {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('audit_records', 'audit_checkpoints')",
      )
      .all();
    if (tables.length !== 2) throw new Error('it holds no audit tables (audit_records, audit_checkpoints)');
    return new SqliteAuditReader(db);
  } catch (e) {
    if (db?.open) db.close();
    throw openFailed(file, e);
  }
}
