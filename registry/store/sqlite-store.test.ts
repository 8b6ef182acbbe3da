import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { tempDir } from '../../trust/audit/test-support';
import type { RegistryStore } from '../model';
import { SqliteRegistryStore } from './sqlite-store';
import { describeRegistryStoreConformance, type RegistryStoreTarget } from './store.conformance';

const tmp = tempDir('registry-sqlite-');
afterAll(() => tmp.remove());
let files = 0;

/** Each test a new file; every store opened in a test is its own connection to that file, as a process would be. */
function fileTarget(): RegistryStoreTarget {
  let file = '';
  return {
    engine: 'SQLite (a file, one connection per store)',
    fresh: async () => {
      file = path.join(tmp.dir, `registry-${++files}.sqlite`);
    },
    open: async (options) => SqliteRegistryStore.open(file, options),
    dropAll: async () => undefined,
  };
}

describeRegistryStoreConformance(fileTarget());

describe('SQLite registry store', () => {
  const opened: RegistryStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  const open = (file: string) => {
    const store = SqliteRegistryStore.open(file);
    opened.push(store);
    return store;
  };
  /** The store's own connection, for what only it can show (its pragmas). */
  const connectionOf = (store: RegistryStore) => (store as unknown as { db: Database.Database }).db;

  it('creates the folder and the file, in WAL mode, waiting 5 s for a busy file, with foreign keys on', async () => {
    const file = path.join(tmp.dir, 'nested', 'deeper', 'registry.sqlite');
    const store = open(file);
    expect(store.kind).toBe('sqlite');
    expect(existsSync(file)).toBe(true);
    const db = connectionOf(store);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'registry_%' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual([
      'registry_events',
      'registry_head',
      'registry_operation_usage',
      'registry_registered_operations',
      'registry_subgraph_versions',
      'registry_supergraph_members',
      'registry_supergraph_versions',
    ]);
  });

  it('keeps what was committed when the file is opened again, by another process', async () => {
    const file = path.join(tmp.dir, 'reopen.sqlite');
    const first = open(file);
    await first.commit({
      expectedCurrent: null,
      add: [{ department: 'health', sdl: 'type Query { "h" h: Int }', url: 'http://h' }],
      keep: [],
      supergraphSdl: 'supergraph',
      action: 'bootstrap',
      by: 'cli',
    });
    await first.registerOperations('portal', [], 'portal-release');
    await first.close();
    const again = open(file);
    expect(await again.currentVersion()).toBe(1);
    expect(await again.subgraph('health')).toMatchObject({ version: 1, url: 'http://h', publishedBy: 'cli' });
    expect(await again.operationsRevision()).toBe(1);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM registry_head').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it('lets exactly one of three processes committing against the empty registry land; all see it', async () => {
    const file = path.join(tmp.dir, 'processes.sqlite');
    // Each child opens its own store on the file and commits a bootstrap, printing what happened.
    const script = `
      const { SqliteRegistryStore } = require(${JSON.stringify(path.join(__dirname, 'sqlite-store'))});
      const store = SqliteRegistryStore.open(process.argv[1]);
      store
        .commit({ expectedCurrent: null, add: [{ department: 'health', sdl: 'type Query { h: Int }', url: 'http://h' }],
          keep: [], supergraphSdl: 'supergraph', action: 'bootstrap', by: process.argv[2] })
        .then((v) => ({ version: v.version }), (e) => ({ code: e.code }))
        .then(async (r) => { console.log(JSON.stringify(r)); await store.close(); });`;
    const run = promisify(execFile);
    const outputs = await Promise.all(
      ['p1', 'p2', 'p3'].map((by) =>
        run(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script, file, by], {
          cwd: path.join(__dirname, '..', '..'),
        }),
      ),
    );
    const results = outputs.map((o) => JSON.parse(o.stdout) as { version?: number; code?: string });
    expect(results.filter((r) => r.version === 1)).toHaveLength(1);
    expect(results.filter((r) => r.code === 'REGISTRY_CONFLICT')).toHaveLength(2);
    const store = open(file);
    expect((await store.supergraphs()).map((s) => s.version)).toEqual([1]);
    expect((await store.subgraphHistory()).map((s) => s.version)).toEqual([1]);
  });

  it('opens :memory: as a private database', async () => {
    const a = open(':memory:');
    const b = open(':memory:');
    await a.registerOperations('app', [], 'x');
    expect(await a.operationsRevision()).toBe(1);
    expect(await b.operationsRevision()).toBe(0);
  });

  it('refuses a file it cannot open with an Error naming it, and leaves nothing open', () => {
    const blocker = path.join(tmp.dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const file = path.join(blocker, 'registry.sqlite');
    expect(() => SqliteRegistryStore.open(file)).toThrow(`registry store: cannot open ${file}: `);
    const notSqlite = path.join(tmp.dir, 'garbage.sqlite');
    writeFileSync(notSqlite, 'this is not a database file, it is text long enough to have a header');
    expect(() => SqliteRegistryStore.open(notSqlite)).toThrow(
      `registry store: cannot open ${notSqlite}: file is not a database`,
    );
  });
});
