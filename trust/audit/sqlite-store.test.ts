import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openAuditReader, openAuditStore } from './open-audit-store';
import { describeQueryConformance } from './query.conformance';
import type { WritableAuditStore } from './reader';
import { describeStoreConformance } from './store.conformance';
import { describeTamperConformance } from './tamper.conformance';
import { drafts, signingKeys, tempDir, type SqlAuditTarget } from './test-support';
import { verifyAudit } from './verify';

const tmp = tempDir('audit-sqlite-');
afterAll(() => tmp.remove());
let files = 0;

function sqliteTarget(): SqlAuditTarget & { file: () => string } {
  let file = '';
  return {
    engine: 'SQLite',
    file: () => file,
    fresh: async () => {
      file = path.join(tmp.dir, `audit-${++files}.sqlite`);
    },
    openStore: (options = {}) => openAuditStore({ department: 'health', sqlitePath: file, ...options }),
    openReader: () => openAuditReader({ sqlitePath: file }),
    exec: async (sql, params = []) => {
      const db = new Database(file);
      try {
        db.prepare(sql).run(...params);
      } finally {
        db.close();
      }
    },
    dropTriggers: async () => {
      const db = new Database(file);
      try {
        for (const t of ['records', 'checkpoints'])
          db.exec(`DROP TRIGGER audit_${t}_no_update; DROP TRIGGER audit_${t}_no_delete;`);
      } finally {
        db.close();
      }
    },
    dropAll: async () => undefined,
  };
}

describeStoreConformance(sqliteTarget());
describeQueryConformance(sqliteTarget());
describeTamperConformance(sqliteTarget());

describe('SQLite audit store', () => {
  const target = sqliteTarget();
  const open: WritableAuditStore[] = [];
  beforeEach(() => target.fresh());
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  const openStore = async (options: Parameters<typeof openAuditStore>[0]) => {
    const store = await openAuditStore(options);
    open.push(store);
    return store;
  };
  /** The store's own connection, for what only it can show (its pragmas) or break (closing it). */
  const connectionOf = (store: WritableAuditStore) => (store as unknown as { db: Database.Database }).db;

  it('creates the folder and the file, in WAL mode, synchronous NORMAL unless FULL is asked', async () => {
    const file = path.join(tmp.dir, 'nested', 'deeper', 'audit.sqlite');
    const normal = await openStore({ department: 'health', sqlitePath: file });
    const full = await openStore({ department: 'health', sqlitePath: file, synchronous: 'FULL' });
    expect(existsSync(file)).toBe(true);
    expect(connectionOf(normal).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(connectionOf(normal).pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(connectionOf(normal).pragma('synchronous', { simple: true })).toBe(1);
    expect(connectionOf(full).pragma('synchronous', { simple: true })).toBe(2);
  });

  it('fails closed while the table refuses writes, leaves the head, and continues the chain after', async () => {
    const store = await openStore({ department: 'health', sqlitePath: target.file() });
    const before = await store.append(drafts(2));
    const head = store.head;
    await target.exec(
      "CREATE TRIGGER block_insert BEFORE INSERT ON audit_records BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    );
    await expect(store.append(drafts(3))).rejects.toMatchObject({
      name: 'DataLayerError',
      code: 'AUDIT_UNAVAILABLE',
      department: 'health',
      message: `audit store ${store.writer} could not append: disk I/O error`,
    });
    await expect(store.append(drafts(1))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    expect(store.head).toEqual(head);
    await target.exec('DROP TRIGGER block_insert');
    const after = await store.append(drafts(2));
    expect(after.map((r) => r.seq)).toEqual([3, 4]);
    expect(after[0]!.prevHash).toBe(before[1]!.hash);
    const report = await verifyAudit(store, { keys: [] });
    expect(report).toMatchObject({ ok: true, records: 4 });
  });

  it('fails closed when its connection is gone', async () => {
    const store = await openStore({ department: 'health', sqlitePath: target.file() });
    await store.append(drafts(1));
    connectionOf(store).close();
    await expect(store.append(drafts(1))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    await expect(store.query({})).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    expect(store.head.seq).toBe(1);
  });

  it('opens many stores on one file at once, each its own chain', async () => {
    const stores = await Promise.all(
      [1, 2, 3, 4].map(() => openStore({ department: 'tax', sqlitePath: target.file() })),
    );
    await Promise.all(stores.map((s) => s.append(drafts(5))));
    expect(new Set(stores.map((s) => s.writer)).size).toBe(4);
    expect((await verifyAudit(stores[0]!, { keys: [] })).chains.map((c) => c.records)).toEqual([5, 5, 5, 5]);
  });

  it('refuses to open a path it cannot use, with AUDIT_UNAVAILABLE', async () => {
    const dir = path.join(tmp.dir, 'a-folder');
    mkdirSync(dir);
    await expect(openAuditStore({ department: 'health', sqlitePath: dir })).rejects.toMatchObject({
      code: 'AUDIT_UNAVAILABLE',
    });
  });

  it('reads read-only and creates nothing: a missing file, or one without audit tables, is refused', async () => {
    const missing = path.join(tmp.dir, 'missing', 'audit.sqlite');
    await expect(openAuditReader({ sqlitePath: missing })).rejects.toMatchObject({
      code: 'AUDIT_UNAVAILABLE',
    });
    expect(existsSync(path.dirname(missing))).toBe(false);
    const other = path.join(tmp.dir, 'other.sqlite');
    new Database(other).close();
    await expect(openAuditReader({ sqlitePath: other })).rejects.toMatchObject({
      message: `audit store: cannot open ${other}: it holds no audit tables (audit_records, audit_checkpoints)`,
    });
    const store = await openStore({ department: 'health', sqlitePath: target.file() });
    await store.append(drafts(1));
    const reader = await openAuditReader({ sqlitePath: target.file() });
    try {
      expect(await reader.readChains()).toEqual([store.writer]);
      expect(await reader.query({})).toHaveLength(1);
    } finally {
      await reader.close();
    }
  });

  it('checks its options once, naming the option and the value', async () => {
    const { privateJwk, jwks } = await signingKeys();
    const base = { department: 'health', sqlitePath: target.file() };
    await expect(openAuditStore({ ...base, checkpointEvery: 0 })).rejects.toThrow(
      'openAuditStore: checkpointEvery must be a positive integer: 0',
    );
    await expect(openAuditStore({ ...base, checkpointIntervalMs: 1.5 })).rejects.toThrow(
      'openAuditStore: checkpointIntervalMs must be a positive integer: 1.5',
    );
    await expect(openAuditStore({ ...base, synchronous: 'OFF' as 'FULL' })).rejects.toThrow(
      'openAuditStore: synchronous must be NORMAL or FULL: OFF',
    );
    await expect(openAuditStore({ ...base, department: 'Health Dept' })).rejects.toThrow(
      'openAuditStore: department must be a subgraph name like health: Health Dept',
    );
    await expect(openAuditStore({ ...base, signingKey: jwks.keys[0]! })).rejects.toThrow(
      'openAuditStore: signingKey must be a private key (it has no "d")',
    );
    const { kid: _kid, ...noKid } = privateJwk;
    await expect(openAuditStore({ ...base, signingKey: noKid })).rejects.toThrow(
      'openAuditStore: signingKey must have a kid (verifiers pick the public key by it)',
    );
    expect(existsSync(target.file())).toBe(false);
  });
});
