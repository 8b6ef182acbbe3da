import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
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
import { checkOperations } from './registered-operations';
import { SQLITE_SCHEMA } from './sqlite-schema';
import { isoTime, sumSamples, type UsageSum } from './usage-sums';
import * as Rows from './rows';
import { sdlHash } from '../sdl-hash';

type SubgraphRow = Rows.SubgraphRow<string>;
type SupergraphRow = Rows.SupergraphRow<string, string>;
type MemberRow = Rows.MemberRow;
/** SQLite keeps times as ISO text and an override as JSON text. */
const CONVERT: Rows.RowConversions<string, string> = {
  time: (t) => t,
  override: (o) => JSON.parse(o) as Override,
};
const toSubgraph = (r: SubgraphRow) => Rows.toSubgraph(r, CONVERT.time);

/** Options of SqliteRegistryStore.open. */
export interface SqliteRegistryStoreOptions {
  /** The clock stamping versions, events and registrations. @default () => new Date() */
  now?: () => Date;
}

const SUBGRAPH_COLUMNS = 'department, version, sdl, sdl_hash, url, published_by, published_at';
const SUPERGRAPH_COLUMNS =
  'version, sdl, sdl_hash, action, department, restores, created_by, created_at, override';

/**
 * The registry in one SQLite file (better-sqlite3) that a CLI and several gateway processes on one
 * machine share: WAL (readers never wait for the writer), busy_timeout 5 s (a writer waits for
 * another's commit instead of failing), foreign keys on. Every write is one IMMEDIATE transaction:
 * the write lock is taken before the current version is read, so two commits checked against one
 * version cannot both land. better-sqlite3 is synchronous: a wait for the lock blocks this
 * process's event loop up to those 5 s; registry writes are rare and short.
 */
export class SqliteRegistryStore implements RegistryStore {
  readonly kind = 'sqlite';
  private readonly statements = new Map<string, Database.Statement>();
  private readonly now: () => Date;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteRegistryStoreOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Opens `file` (':memory:' for a private in-process database), creating its folder, the file
   * and the tables when missing. Throws an Error naming the file when it cannot be opened.
   */
  static open(file: string, options: SqliteRegistryStoreOptions = {}): SqliteRegistryStore {
    let db: Database.Database | undefined;
    try {
      if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      db = new Database(file);
      // First, so that the pragmas and the schema below wait for another process opening the file too.
      db.pragma('busy_timeout = 5000');
      if (file !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      const conn = db;
      db.transaction(() => conn.exec(SQLITE_SCHEMA)).immediate();
      return new SqliteRegistryStore(db, options);
    } catch (e) {
      if (db?.open) db.close();
      throw new Error(`registry store: cannot open ${file}: ${(e as Error).message}`, { cause: e });
    }
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private currentVersionNow(): number | null {
    const row = this.statement('SELECT MAX(version) AS v FROM registry_supergraph_versions').get() as {
      v: number | null;
    };
    return row.v;
  }

  /** Supergraph rows with their members (one query for the members of all of them). */
  private withMembers(rows: SupergraphRow[]): SupergraphVersion[] {
    if (rows.length === 0) return [];
    const versions = rows.map((r) => r.version);
    const members = this.statement(
      `SELECT supergraph_version, department, subgraph_version FROM registry_supergraph_members
       WHERE supergraph_version BETWEEN ? AND ? ORDER BY supergraph_version, department`,
    ).all(Math.min(...versions), Math.max(...versions)) as MemberRow[];
    return Rows.toSupergraphs(rows, members, CONVERT);
  }

  async currentVersion(): Promise<number | null> {
    return this.currentVersionNow();
  }

  async current(): Promise<SupergraphVersion | null> {
    const rows = this.statement(
      `SELECT ${SUPERGRAPH_COLUMNS} FROM registry_supergraph_versions ORDER BY version DESC LIMIT 1`,
    ).all() as SupergraphRow[];
    return this.withMembers(rows)[0] ?? null;
  }

  async supergraph(version: number): Promise<SupergraphVersion | null> {
    const rows = this.statement(
      `SELECT ${SUPERGRAPH_COLUMNS} FROM registry_supergraph_versions WHERE version = ?`,
    ).all(version) as SupergraphRow[];
    return this.withMembers(rows)[0] ?? null;
  }

  async supergraphs(limit?: number): Promise<SupergraphVersion[]> {
    checkLimit(limit, 'supergraphs');
    const rows = this.statement(
      `SELECT ${SUPERGRAPH_COLUMNS} FROM registry_supergraph_versions ORDER BY version DESC LIMIT ?`,
    ).all(limit ?? -1) as SupergraphRow[];
    return this.withMembers(rows);
  }

  async subgraph(department: string, version?: number): Promise<SubgraphVersion | null> {
    const row = (
      version === undefined
        ? this.statement(
            `SELECT ${SUBGRAPH_COLUMNS.replace(/(\w+)/g, 's.$1')} FROM registry_subgraph_versions s
             JOIN registry_supergraph_members m ON m.department = s.department AND m.subgraph_version = s.version
             WHERE s.department = ? AND m.supergraph_version = (SELECT MAX(version) FROM registry_supergraph_versions)`,
          ).get(department)
        : this.statement(
            `SELECT ${SUBGRAPH_COLUMNS} FROM registry_subgraph_versions WHERE department = ? AND version = ?`,
          ).get(department, version)
    ) as SubgraphRow | undefined;
    return row ? toSubgraph(row) : null;
  }

  async subgraphHistory(department?: string): Promise<SubgraphVersion[]> {
    const rows = (
      department === undefined
        ? this.statement(`SELECT ${SUBGRAPH_COLUMNS} FROM registry_subgraph_versions ORDER BY seq DESC`).all()
        : this.statement(
            `SELECT ${SUBGRAPH_COLUMNS} FROM registry_subgraph_versions WHERE department = ? ORDER BY seq DESC`,
          ).all(department)
    ) as SubgraphRow[];
    return rows.map(toSubgraph);
  }

  async commit(request: CommitRequest): Promise<SupergraphVersion> {
    checkCommitRequest(request);
    const at = this.now().toISOString();
    // IMMEDIATE: the write lock is taken before the current version is read, so a second writer
    // (another store, another process) waits here and then sees the first one's version.
    return this.db.transaction(() => this.commitLocked(request, at)).immediate();
  }

  private commitLocked(request: CommitRequest, at: string): SupergraphVersion {
    const current = this.currentVersionNow();
    if (current !== request.expectedCurrent) throw conflict(current, request.expectedCurrent);
    if (request.expectedOperationsRevision !== undefined) {
      const revision = this.operationsRevisionNow();
      if (revision !== request.expectedOperationsRevision)
        throw operationsConflict(revision, request.expectedOperationsRevision);
    }
    const exists = this.statement(
      'SELECT 1 FROM registry_subgraph_versions WHERE department = ? AND version = ?',
    );
    for (const k of request.keep)
      if (!exists.get(k.department, k.version)) throw unknownSubgraphVersion(k.department, k.version);
    if (
      request.restores !== undefined &&
      !this.statement('SELECT 1 FROM registry_supergraph_versions WHERE version = ?').get(request.restores)
    )
      throw unknownSupergraphVersion(request.restores);
    const members = request.keep.map((k) => ({ department: k.department, version: k.version }));
    const insertSubgraph = this.statement(
      `INSERT INTO registry_subgraph_versions (${SUBGRAPH_COLUMNS})
       SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ?, ? FROM registry_subgraph_versions WHERE department = ?
       RETURNING version`,
    );
    for (const a of request.add) {
      const { version } = insertSubgraph.get(
        a.department,
        a.sdl,
        sdlHash(a.sdl),
        a.url,
        request.by,
        at,
        a.department,
      ) as { version: number };
      members.push({ department: a.department, version });
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
    this.statement(
      `INSERT INTO registry_supergraph_versions (${SUPERGRAPH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      made.version,
      made.sdl,
      made.sdlHash,
      made.action,
      made.department,
      made.restores,
      made.createdBy,
      made.createdAt,
      made.override === null ? null : JSON.stringify(made.override),
    );
    const insertMember = this.statement(
      'INSERT INTO registry_supergraph_members (supergraph_version, department, subgraph_version) VALUES (?, ?, ?)',
    );
    for (const m of members) insertMember.run(made.version, m.department, m.version);
    for (const event of request.events?.(made) ?? []) this.insertEvent(event, at);
    return made;
  }

  async appendEvent(event: Omit<RegistryEvent, 'id' | 'at'>): Promise<void> {
    this.insertEvent(event, this.now().toISOString());
  }

  private insertEvent(event: Omit<RegistryEvent, 'id' | 'at'>, at: string): void {
    checkEvent(event);
    this.statement(
      `INSERT INTO registry_events (at, kind, actor, department, supergraph_version, summary, details)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      at,
      event.kind,
      withoutNul(event.actor),
      event.department === null ? null : withoutNul(event.department),
      event.supergraphVersion,
      withoutNul(event.summary),
      detailsJson(event.details),
    );
  }

  async events(limit?: number): Promise<RegistryEvent[]> {
    checkLimit(limit, 'events');
    const rows = this.statement(
      `SELECT id, at, kind, actor, department, supergraph_version, summary, details FROM registry_events
       ORDER BY id DESC LIMIT ?`,
    ).all(limit ?? -1) as {
      id: number;
      at: string;
      kind: RegistryEvent['kind'];
      actor: string;
      department: string | null;
      supergraph_version: number | null;
      summary: string;
      details: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      kind: r.kind,
      actor: r.actor,
      department: r.department,
      supergraphVersion: r.supergraph_version,
      summary: r.summary,
      details: r.details === null ? null : JSON.parse(r.details),
    }));
  }

  async recordUsage(samples: Parameters<RegistryStore['recordUsage']>[0]): Promise<void> {
    const sums = sumSamples(samples);
    if (sums.length === 0) return;
    const upsert = this.statement(
      `INSERT INTO registry_operation_usage (id, client, name, body, count, first_seen, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id, client) DO UPDATE SET count = count + excluded.count,
         first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen)`,
    );
    this.db
      .transaction((batch: UsageSum[]) => {
        for (const s of batch) upsert.run(s.id, s.client, s.name, s.body, s.count, s.firstAt, s.lastAt);
      })
      .immediate(sums);
  }

  async pruneUsage(before: string): Promise<number> {
    return this.statement('DELETE FROM registry_operation_usage WHERE last_seen < ?').run(
      isoTime(before, 'pruneUsage: before'),
    ).changes;
  }

  async usedOperations(since: string): Promise<OperationUsage[]> {
    const rows = this.statement(
      `SELECT id, name, body, client, count, first_seen, last_seen FROM registry_operation_usage
       WHERE last_seen >= ? ORDER BY id, client`,
    ).all(isoTime(since, 'usedOperations: since')) as {
      id: string;
      name: string | null;
      body: string;
      client: string;
      count: number;
      first_seen: string;
      last_seen: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      body: r.body,
      client: r.client,
      count: r.count,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
    }));
  }

  async registerOperations(channel: string, operations: PersistedOperation[], by: string): Promise<void> {
    checkOperations(channel, operations, by);
    const at = this.now().toISOString();
    const insert = this.statement(
      `INSERT INTO registry_registered_operations (channel, id, name, type, body, registered_by, registered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db
      .transaction(() => {
        this.statement('DELETE FROM registry_registered_operations WHERE channel = ?').run(channel);
        for (const o of operations) insert.run(channel, o.id, o.name, o.type, o.body, by, at);
        this.statement(
          'UPDATE registry_head SET operations_revision = operations_revision + 1 WHERE one = 1',
        ).run();
      })
      .immediate();
  }

  async registeredOperations(channel?: string): Promise<RegisteredOperation[]> {
    const columns = 'channel, id, name, type, body, registered_by, registered_at';
    const rows = (
      channel === undefined
        ? this.statement(
            `SELECT ${columns} FROM registry_registered_operations ORDER BY channel, name, id`,
          ).all()
        : this.statement(
            `SELECT ${columns} FROM registry_registered_operations WHERE channel = ? ORDER BY name, id`,
          ).all(channel)
    ) as {
      channel: string;
      id: string;
      name: string;
      type: PersistedOperation['type'];
      body: string;
      registered_by: string;
      registered_at: string;
    }[];
    return rows.map((r) => ({
      channel: r.channel,
      id: r.id,
      name: r.name,
      type: r.type,
      body: r.body,
      registeredBy: r.registered_by,
      registeredAt: r.registered_at,
    }));
  }

  async operationsRevision(): Promise<number> {
    return this.operationsRevisionNow();
  }

  private operationsRevisionNow(): number {
    const row = this.statement('SELECT operations_revision AS r FROM registry_head WHERE one = 1').get() as {
      r: number;
    };
    return row.r;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
