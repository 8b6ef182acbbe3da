import { Pool, type PoolClient } from 'pg';
import { logger } from '../../adapters/kit/logger';
import { prepareSchemaUnderLock } from '../../adapters/kit/postgres-prepare';
import type { PersistedOperation } from '../../gateway/limits/safelist';
import type {
  CommitRequest,
  OperationUsage,
  Override,
  RegisteredOperation,
  RegistryEvent,
  RegistryStore,
  SubgraphVersion,
  SupergraphVersion,
  UsageSample,
} from '../model';
import {
  byDepartment,
  checkCommitRequest,
  conflict,
  operationsConflict,
  unknownSubgraphVersion,
  unknownSupergraphVersion,
} from './commit-request';
import { checkEvent, detailsJson, withoutNul } from './event-details';
import { checkLimit } from './list-limit';
import { checkRegistrySchemaName, DEFAULT_REGISTRY_PG_SCHEMA, postgresSchema } from './postgres-schema';
import { checkOperations } from './registered-operations';
import { isoTime, sumSamples } from './usage-sums';
import * as Rows from './rows';
import { sdlHash } from '../sdl-hash';

type SubgraphRow = Rows.SubgraphRow<Date>;
type SupergraphRow = Rows.SupergraphRow<Date, Override>;
/** PostgreSQL gives times as Dates and an override as parsed jsonb. */
const CONVERT: Rows.RowConversions<Date, Override> = {
  time: (t) => t.toISOString(),
  override: (o) => o,
};
const toSubgraph = (r: SubgraphRow) => Rows.toSubgraph(r, CONVERT.time);

/** Options of openPostgresRegistryStore beyond the URL and the schema. */
export interface PostgresRegistryStoreOptions {
  /** Most connections open at once. @default 4 */
  poolSize?: number;
  /** The clock stamping versions, events and registrations. @default () => new Date() */
  now?: () => Date;
}

/** Defaults of PostgresRegistryStoreOptions, with their units. */
export const POSTGRES_REGISTRY_DEFAULTS = {
  poolSize: 4, // connections
  connectionTimeoutMs: 5_000, // 5 s: fail the call rather than queue it forever
  idleTimeoutMs: 30_000, // 30 s
};

const SUBGRAPH_COLUMNS = ['department', 'version', 'sdl', 'sdl_hash', 'url', 'published_by', 'published_at'];
const SUPERGRAPH_COLUMNS =
  'version, sdl, sdl_hash, action, department, restores, created_by, created_at, override';

/**
 * The registry in PostgreSQL, shared by every gateway instance, the CLI and the HTTP API wherever
 * they run. A commit is one transaction that first locks the one `head` row (SELECT … FOR UPDATE),
 * then reads the current version: a second commit waits for the first and then sees its version,
 * so of two commits checked against one version exactly one lands, the other gets
 * REGISTRY_CONFLICT. Writes of registered operations lock the same row (they bump its revision).
 */
class PostgresRegistryStore implements RegistryStore {
  readonly kind = 'postgres';
  private readonly t: {
    subgraphs: string;
    supergraphs: string;
    members: string;
    events: string;
    usage: string;
    operations: string;
    head: string;
  };
  private ended = false;

  constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly now: () => Date,
  ) {
    const s = `"${schema}"`;
    this.t = {
      subgraphs: `${s}.subgraph_versions`,
      supergraphs: `${s}.supergraph_versions`,
      members: `${s}.supergraph_members`,
      events: `${s}.events`,
      usage: `${s}.operation_usage`,
      operations: `${s}.registered_operations`,
      head: `${s}.head`,
    };
  }

  /** Runs `work` in one transaction on one connection; a connection whose ROLLBACK fails is discarded. */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw e;
    } finally {
      client.release(broken);
    }
  }

  private async withMembers(rows: SupergraphRow[]): Promise<SupergraphVersion[]> {
    if (rows.length === 0) return [];
    const { rows: members } = await this.pool.query<Rows.MemberRow>(
      `SELECT supergraph_version, department, subgraph_version FROM ${this.t.members}
       WHERE supergraph_version = ANY($1::integer[]) ORDER BY supergraph_version, department`,
      [rows.map((r) => r.version)],
    );
    return Rows.toSupergraphs(rows, members, CONVERT);
  }

  async currentVersion(): Promise<number | null> {
    const { rows } = await this.pool.query<{ v: number | null }>(
      `SELECT MAX(version) AS v FROM ${this.t.supergraphs}`,
    );
    return rows[0]?.v ?? null;
  }

  async current(): Promise<SupergraphVersion | null> {
    const { rows } = await this.pool.query<SupergraphRow>(
      `SELECT ${SUPERGRAPH_COLUMNS} FROM ${this.t.supergraphs} ORDER BY version DESC LIMIT 1`,
    );
    return (await this.withMembers(rows))[0] ?? null;
  }

  async supergraph(version: number): Promise<SupergraphVersion | null> {
    if (!Number.isInteger(version) || version < 1 || version > 2 ** 31 - 1) return null;
    const { rows } = await this.pool.query<SupergraphRow>(
      `SELECT ${SUPERGRAPH_COLUMNS} FROM ${this.t.supergraphs} WHERE version = $1`,
      [version],
    );
    return (await this.withMembers(rows))[0] ?? null;
  }

  async supergraphs(limit?: number): Promise<SupergraphVersion[]> {
    checkLimit(limit, 'supergraphs');
    const { rows } = await this.pool.query<SupergraphRow>(
      `SELECT ${SUPERGRAPH_COLUMNS} FROM ${this.t.supergraphs} ORDER BY version DESC LIMIT $1`,
      [limit ?? null],
    );
    return this.withMembers(rows);
  }

  async subgraph(department: string, version?: number): Promise<SubgraphVersion | null> {
    const columns = SUBGRAPH_COLUMNS.map((c) => `s.${c}`).join(', ');
    if (version !== undefined && (!Number.isInteger(version) || version < 1 || version > 2 ** 31 - 1))
      return null;
    const { rows } =
      version === undefined
        ? await this.pool.query<SubgraphRow>(
            `SELECT ${columns} FROM ${this.t.subgraphs} s
             JOIN ${this.t.members} m ON m.department = s.department AND m.subgraph_version = s.version
             WHERE s.department = $1 AND m.supergraph_version = (SELECT MAX(version) FROM ${this.t.supergraphs})`,
            [department],
          )
        : await this.pool.query<SubgraphRow>(
            `SELECT ${columns} FROM ${this.t.subgraphs} s WHERE s.department = $1 AND s.version = $2`,
            [department, version],
          );
    return rows[0] ? toSubgraph(rows[0]) : null;
  }

  async subgraphHistory(department?: string): Promise<SubgraphVersion[]> {
    const columns = SUBGRAPH_COLUMNS.join(', ');
    const { rows } =
      department === undefined
        ? await this.pool.query<SubgraphRow>(`SELECT ${columns} FROM ${this.t.subgraphs} ORDER BY seq DESC`)
        : await this.pool.query<SubgraphRow>(
            `SELECT ${columns} FROM ${this.t.subgraphs} WHERE department = $1 ORDER BY seq DESC`,
            [department],
          );
    return rows.map(toSubgraph);
  }

  async commit(request: CommitRequest): Promise<SupergraphVersion> {
    checkCommitRequest(request);
    const at = this.now().toISOString();
    return this.transaction(async (client) => {
      // The one lock every commit takes first: the second of two racing commits waits here, then
      // reads the version the first one made (READ COMMITTED reads what committed before each statement).
      await client.query(`SELECT one FROM ${this.t.head} WHERE one = 1 FOR UPDATE`);
      const { rows } = await client.query<{ v: number | null }>(
        `SELECT MAX(version) AS v FROM ${this.t.supergraphs}`,
      );
      const current = rows[0]?.v ?? null;
      if (current !== request.expectedCurrent) throw conflict(current, request.expectedCurrent);
      if (request.expectedOperationsRevision !== undefined) {
        const revision = await this.operationsRevisionOf(client);
        if (revision !== request.expectedOperationsRevision)
          throw operationsConflict(revision, request.expectedOperationsRevision);
      }
      if (request.keep.length > 0) {
        const { rows: found } = await client.query<{ department: string; version: number }>(
          `SELECT department, version FROM ${this.t.subgraphs} s
           WHERE (department, version) IN (SELECT * FROM unnest($1::text[], $2::integer[]))`,
          [request.keep.map((k) => k.department), request.keep.map((k) => k.version)],
        );
        const stored = new Set(found.map((f) => `${f.department}@${f.version}`));
        for (const k of request.keep)
          if (!stored.has(`${k.department}@${k.version}`))
            throw unknownSubgraphVersion(k.department, k.version);
      }
      if (request.restores !== undefined) {
        const { rowCount } = await client.query(`SELECT 1 FROM ${this.t.supergraphs} WHERE version = $1`, [
          request.restores,
        ]);
        if (!rowCount) throw unknownSupergraphVersion(request.restores);
      }
      const members = request.keep.map((k) => ({ department: k.department, version: k.version }));
      for (const a of request.add) {
        const { rows: made } = await client.query<{ version: number }>(
          `INSERT INTO ${this.t.subgraphs} (${SUBGRAPH_COLUMNS.join(', ')})
           SELECT $1::text, COALESCE(MAX(version), 0) + 1, $2::text, $3::text, $4::text, $5::text, $6::timestamptz
           FROM ${this.t.subgraphs} WHERE department = $1::text
           RETURNING version`,
          [a.department, a.sdl, sdlHash(a.sdl), a.url, request.by, at],
        );
        members.push({ department: a.department, version: made[0]!.version });
      }
      members.sort(byDepartment);
      const made: SupergraphVersion = {
        version: (current ?? 0) + 1,
        sdl: request.supergraphSdl,
        sdlHash: sdlHash(request.supergraphSdl),
        members,
        action: request.action,
        department: request.department ?? null,
        restores: request.restores ?? null,
        createdBy: request.by,
        createdAt: at,
        override: request.override ?? null,
      };
      await client.query(
        `INSERT INTO ${this.t.supergraphs} (${SUPERGRAPH_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          made.version,
          made.sdl,
          made.sdlHash,
          made.action,
          made.department,
          made.restores,
          made.createdBy,
          made.createdAt,
          made.override === null ? null : JSON.stringify(made.override),
        ],
      );
      await client.query(
        `INSERT INTO ${this.t.members} (supergraph_version, department, subgraph_version)
         SELECT $1::integer, * FROM unnest($2::text[], $3::integer[])`,
        [made.version, members.map((m) => m.department), members.map((m) => m.version)],
      );
      for (const event of request.events?.(made) ?? []) await this.insertEvent(client, event, at);
      return made;
    });
  }

  async appendEvent(event: Omit<RegistryEvent, 'id' | 'at'>): Promise<void> {
    await this.insertEvent(this.pool, event, this.now().toISOString());
  }

  private async insertEvent(
    db: Pick<Pool, 'query'> | PoolClient,
    event: Omit<RegistryEvent, 'id' | 'at'>,
    at: string,
  ): Promise<void> {
    checkEvent(event);
    await db.query(
      `INSERT INTO ${this.t.events} (at, kind, actor, department, supergraph_version, summary, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        at,
        event.kind,
        withoutNul(event.actor),
        event.department === null ? null : withoutNul(event.department),
        event.supergraphVersion,
        withoutNul(event.summary),
        detailsJson(event.details),
      ],
    );
  }

  async events(limit?: number): Promise<RegistryEvent[]> {
    checkLimit(limit, 'events');
    const { rows } = await this.pool.query<{
      id: string;
      at: Date;
      kind: RegistryEvent['kind'];
      actor: string;
      department: string | null;
      supergraph_version: number | null;
      summary: string;
      details: unknown;
    }>(
      `SELECT id, at, kind, actor, department, supergraph_version, summary, details FROM ${this.t.events}
       ORDER BY id DESC LIMIT $1`,
      [limit ?? null],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      kind: r.kind,
      actor: r.actor,
      department: r.department,
      supergraphVersion: r.supergraph_version,
      summary: r.summary,
      details: r.details,
    }));
  }

  async recordUsage(samples: UsageSample[]): Promise<void> {
    const sums = sumSamples(samples);
    if (sums.length === 0) return;
    // One statement: atomic on its own; keys summed and sorted first (sumSamples), so one row is
    // never hit twice by it and two gateways flushing together lock rows in one order.
    await this.pool.query(
      `INSERT INTO ${this.t.usage} AS u (id, client, name, body, count, first_seen, last_seen)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $7::timestamptz[])
       ON CONFLICT (id, client) DO UPDATE SET count = u.count + EXCLUDED.count,
         first_seen = LEAST(u.first_seen, EXCLUDED.first_seen), last_seen = GREATEST(u.last_seen, EXCLUDED.last_seen)`,
      [
        sums.map((s) => s.id),
        sums.map((s) => s.client),
        sums.map((s) => s.name),
        sums.map((s) => s.body),
        sums.map((s) => s.count),
        sums.map((s) => s.firstAt),
        sums.map((s) => s.lastAt),
      ],
    );
  }

  async pruneUsage(before: string): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM ${this.t.usage} WHERE last_seen < $1`, [
      isoTime(before, 'pruneUsage: before'),
    ]);
    return rowCount ?? 0;
  }

  async usedOperations(since: string): Promise<OperationUsage[]> {
    const { rows } = await this.pool.query<{
      id: string;
      name: string | null;
      body: string;
      client: string;
      count: string;
      first_seen: Date;
      last_seen: Date;
    }>(
      `SELECT id, name, body, client, count, first_seen, last_seen FROM ${this.t.usage}
       WHERE last_seen >= $1 ORDER BY id, client`,
      [isoTime(since, 'usedOperations: since')],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      body: r.body,
      client: r.client,
      count: Number(r.count),
      firstSeen: r.first_seen.toISOString(),
      lastSeen: r.last_seen.toISOString(),
    }));
  }

  async registerOperations(channel: string, operations: PersistedOperation[], by: string): Promise<void> {
    checkOperations(channel, operations, by);
    const at = this.now().toISOString();
    await this.transaction(async (client) => {
      await client.query(
        `UPDATE ${this.t.head} SET operations_revision = operations_revision + 1 WHERE one = 1`,
      );
      await client.query(`DELETE FROM ${this.t.operations} WHERE channel = $1`, [channel]);
      await client.query(
        `INSERT INTO ${this.t.operations} (channel, id, name, type, body, registered_by, registered_at)
         SELECT $1::text, *, $6::text, $7::timestamptz FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
        [
          channel,
          operations.map((o) => o.id),
          operations.map((o) => o.name),
          operations.map((o) => o.type),
          operations.map((o) => o.body),
          by,
          at,
        ],
      );
    });
  }

  async registeredOperations(channel?: string): Promise<RegisteredOperation[]> {
    const columns = 'channel, id, name, type, body, registered_by, registered_at';
    const { rows } = await this.pool.query<{
      channel: string;
      id: string;
      name: string;
      type: PersistedOperation['type'];
      body: string;
      registered_by: string;
      registered_at: Date;
    }>(
      channel === undefined
        ? `SELECT ${columns} FROM ${this.t.operations} ORDER BY channel, name, id`
        : `SELECT ${columns} FROM ${this.t.operations} WHERE channel = $1 ORDER BY name, id`,
      channel === undefined ? [] : [channel],
    );
    return rows.map((r) => ({
      channel: r.channel,
      id: r.id,
      name: r.name,
      type: r.type,
      body: r.body,
      registeredBy: r.registered_by,
      registeredAt: r.registered_at.toISOString(),
    }));
  }

  async operationsRevision(): Promise<number> {
    return this.operationsRevisionOf(this.pool);
  }

  private async operationsRevisionOf(db: Pick<Pool, 'query'> | PoolClient): Promise<number> {
    const { rows } = await db.query<{ r: string }>(
      `SELECT operations_revision AS r FROM ${this.t.head} WHERE one = 1`,
    );
    return Number(rows[0]?.r ?? 0);
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.pool.end();
  }
}

/**
 * Opens the registry in PostgreSQL at `databaseUrl`, creating `schema` and its tables when missing
 * (under an advisory lock: processes starting together take turns). Rejects with an Error naming
 * the schema when the server cannot be reached or the tables cannot be created.
 */
export async function openPostgresRegistryStore(
  databaseUrl: string,
  schema: string = DEFAULT_REGISTRY_PG_SCHEMA,
  options: PostgresRegistryStoreOptions = {},
): Promise<RegistryStore> {
  checkRegistrySchemaName(schema);
  const poolSize = options.poolSize ?? POSTGRES_REGISTRY_DEFAULTS.poolSize;
  if (!Number.isInteger(poolSize) || poolSize < 1)
    throw new Error(`openPostgresRegistryStore: poolSize must be a whole number, at least 1: ${poolSize}`);
  const pool = new Pool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: POSTGRES_REGISTRY_DEFAULTS.connectionTimeoutMs,
    idleTimeoutMillis: POSTGRES_REGISTRY_DEFAULTS.idleTimeoutMs,
  });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', (err) => logger.warn({ err }, 'registry: idle PostgreSQL connection failed'));
  try {
    await prepareSchemaUnderLock(pool, `one-window:registry:${schema}`, postgresSchema(schema));
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new Error(`registry store: cannot prepare PostgreSQL schema ${schema}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return new PostgresRegistryStore(pool, schema, options.now ?? (() => new Date()));
}
