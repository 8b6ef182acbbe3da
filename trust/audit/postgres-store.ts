import { Pool } from 'pg';
import { DataLayerError } from '../../adapters/kit/errors';
import { logger } from '../../adapters/kit/logger';
import { prepareSchemaUnderLock } from '../../adapters/kit/postgres-prepare';
import { normalizeQuery, unknownCursor } from './audit-query';
import type { ChainHead } from './chain';
import { ChainWriter, type ChainBackend, type CheckpointPolicy } from './chain-writer';
import type { CheckpointSigner } from './checkpoints';
import { checkSchemaName, DEFAULT_AUDIT_PG_SCHEMA, postgresSchema } from './postgres-schema';
import { numberPlaceholders, querySql } from './query-sql';
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

/** PostgreSQL types of RECORD_COLUMNS, for the unnest() arrays of a batch insert. */
const RECORD_TYPES = RECORD_COLUMNS.map((c) => (c === 'seq' ? 'bigint' : 'text'));

export interface PostgresConnectionOptions {
  /** postgres://user@host:port/database */
  databaseUrl: string;
  /** @default DEFAULT_AUDIT_PG_SCHEMA ('audit'); tests use a schema of their own */
  schema?: string;
  /** Most connections open at once. @default 4 */
  poolSize?: number;
  /** A pool to use instead of one made from databaseUrl; the store then never ends it (tests). */
  pool?: Pool;
}

function ownPool(options: PostgresConnectionOptions): Pool {
  if (options.pool) return options.pool;
  const pool = new Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: 5_000, // 5 s: fail the append (closed) rather than queue it forever
    idleTimeoutMillis: 30_000, // 30 s
  });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', (err) => logger.warn({ err }, 'audit: idle PostgreSQL connection failed'));
  return pool;
}

function unavailable(what: string, e: unknown): DataLayerError {
  return new DataLayerError('AUDIT_UNAVAILABLE', `audit store: ${what}: ${(e as Error).message}`, {
    cause: e,
  });
}

/** Reads the audit tables of one schema (records, chains, checkpoints, queries). */
export class PostgresAuditReader implements AuditReader {
  protected readonly table: string;
  protected readonly checkpointTable: string;
  private ended = false;

  constructor(
    protected readonly pool: Pool,
    protected readonly schema: string,
    private readonly ownsPool: boolean,
  ) {
    this.table = `"${schema}".audit_records`;
    this.checkpointTable = `"${schema}".audit_checkpoints`;
  }

  async query(q: AuditQuery): Promise<AuditRecord[]> {
    const nq = normalizeQuery(q);
    try {
      let cursorTime: string | null = null;
      if (nq.after) {
        const found = await this.pool.query<{ time: string }>(
          `SELECT time FROM ${this.table} WHERE writer = $1 AND seq = $2`,
          [nq.after.writer, nq.after.seq],
        );
        if (!found.rows[0]) throw unknownCursor(nq.after);
        cursorTime = found.rows[0].time;
      }
      const { sql, params } = querySql(this.table, nq, cursorTime);
      return (await this.pool.query<RecordRow>(numberPlaceholders(sql), params)).rows.map(rowToRecord);
    } catch (e) {
      if (e instanceof DataLayerError) throw e;
      throw unavailable('query failed', e);
    }
  }

  async readChains(): Promise<string[]> {
    // A loose index scan: one index seek per writer, not a scan of every record.
    const { rows } = await this.pool.query<{ writer: string }>(
      `WITH RECURSIVE w(writer) AS (
         SELECT MIN(writer) FROM ${this.table}
         UNION ALL SELECT (SELECT MIN(writer) FROM ${this.table} WHERE writer > w.writer) FROM w WHERE w.writer IS NOT NULL
       )
       SELECT writer FROM w WHERE writer IS NOT NULL UNION SELECT writer FROM ${this.checkpointTable} ORDER BY 1`,
    );
    return rows.map((r) => r.writer);
  }

  async *readChain(writer: string): AsyncIterable<AuditRecord> {
    let after: [number, string] = [Number.MIN_SAFE_INTEGER, '-1'];
    for (;;) {
      const { rows } = await this.pool.query<RecordRow & { id: string }>(
        `SELECT id, ${RECORD_COLUMNS.join(', ')} FROM ${this.table}
         WHERE writer = $1 AND (seq, id) > ($2, $3) ORDER BY seq, id LIMIT $4`,
        [writer, after[0], after[1], CHAIN_PAGE_SIZE],
      );
      for (const row of rows) yield rowToRecord(row);
      const last = rows[rows.length - 1];
      if (!last || rows.length < CHAIN_PAGE_SIZE) return;
      after = [Number(last.seq), last.id];
    }
  }

  async readCheckpoints(writer: string): Promise<AuditCheckpoint[]> {
    const { rows } = await this.pool.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS.join(', ')} FROM ${this.checkpointTable} WHERE writer = $1 ORDER BY seq, id`,
      [writer],
    );
    return rows.map(rowToCheckpoint);
  }

  async close(): Promise<void> {
    if (!this.ownsPool || this.ended) return;
    this.ended = true;
    await this.pool.end();
  }
}

export interface PostgresAuditStoreOptions extends PostgresConnectionOptions {
  department: string;
  writer: string;
  signer: CheckpointSigner | null;
  checkpoints: CheckpointPolicy;
}

/**
 * One writer on PostgreSQL. Each append is ONE statement (a data-modifying CTE when a checkpoint
 * goes with it), so one round trip and one implicit transaction: committed as a whole or not at
 * all. Durability is the server's (synchronous_commit, on by default: the commit is flushed to
 * the server's WAL before the answer).
 */
export class PostgresAuditStore extends PostgresAuditReader implements WritableAuditStore {
  private readonly chain: ChainWriter;

  private constructor(pool: Pool, options: PostgresAuditStoreOptions, schema: string) {
    super(pool, schema, !options.pool);
    const arrays = RECORD_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
    const insertRecords = `INSERT INTO ${this.table} (${RECORD_COLUMNS.join(', ')}) SELECT * FROM unnest(${arrays})`;
    const checkpointValuesSql = (from: number) => CHECKPOINT_COLUMNS.map((_, i) => `$${from + i}`).join(', ');
    const insertCheckpoint = `INSERT INTO ${this.checkpointTable} (${CHECKPOINT_COLUMNS.join(', ')})`;
    // Named: PostgreSQL parses and plans each once per connection.
    const statements = {
      records: { name: `audit_records_${schema}`, text: insertRecords },
      both: {
        name: `audit_records_cp_${schema}`,
        text: `WITH r AS (${insertRecords}) ${insertCheckpoint} VALUES (${checkpointValuesSql(RECORD_COLUMNS.length + 1)})`,
      },
      checkpoint: {
        name: `audit_cp_${schema}`,
        text: `${insertCheckpoint} VALUES (${checkpointValuesSql(1)})`,
      },
    };
    const columns = (records: readonly AuditRecord[]): unknown[][] => {
      const cols: unknown[][] = RECORD_COLUMNS.map(() => []);
      for (const r of records) recordValues(r).forEach((v, i) => cols[i]!.push(v));
      return cols;
    };
    const backend: ChainBackend = {
      insert: async (records, checkpoint) => {
        if (records.length === 0 && checkpoint)
          await pool.query({ ...statements.checkpoint, values: checkpointValues(checkpoint) });
        else if (checkpoint)
          await pool.query({
            ...statements.both,
            values: [...columns(records), ...checkpointValues(checkpoint)],
          });
        else await pool.query({ ...statements.records, values: columns(records) });
      },
      readHead: async (writer) => {
        const { rows } = await pool.query<{ seq: string; hash: string }>(
          `SELECT seq, hash FROM ${this.table} WHERE writer = $1 ORDER BY seq DESC LIMIT 1`,
          [writer],
        );
        return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
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

  /** Creates the schema, tables and triggers when missing and opens a store for one new writer chain. */
  static async open(options: PostgresAuditStoreOptions): Promise<PostgresAuditStore> {
    const schema = checkSchemaName(options.schema ?? DEFAULT_AUDIT_PG_SCHEMA);
    const pool = ownPool(options);
    try {
      await prepareSchemaUnderLock(pool, `one-window:audit:${schema}`, postgresSchema(schema));
    } catch (e) {
      if (!options.pool) await pool.end().catch(() => undefined);
      throw unavailable(`cannot prepare schema ${schema}`, e);
    }
    return new PostgresAuditStore(pool, options, schema);
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

/** A reader that creates nothing; rejects when the schema holds no audit tables. */
export async function openPostgresAuditReader(
  options: PostgresConnectionOptions,
): Promise<PostgresAuditReader> {
  const schema = checkSchemaName(options.schema ?? DEFAULT_AUDIT_PG_SCHEMA);
  const pool = ownPool(options);
  try {
    const { rows } = await pool.query<{ records: string | null; checkpoints: string | null }>(
      'SELECT to_regclass($1)::text AS records, to_regclass($2)::text AS checkpoints',
      [`"${schema}".audit_records`, `"${schema}".audit_checkpoints`],
    );
    if (!rows[0]?.records || !rows[0].checkpoints) throw new Error(`schema ${schema} holds no audit tables`);
  } catch (e) {
    if (!options.pool) await pool.end().catch(() => undefined);
    throw unavailable('cannot open the audit tables', e);
  }
  return new PostgresAuditReader(pool, schema, !options.pool);
}
