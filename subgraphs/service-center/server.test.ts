import { unitContext, unitTrust } from '../kit/test-support';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildApollo } from '../kit/subgraph';
import { buildServiceCenterSubgraph } from './server';
import { MigrationError } from './store/migrator';
import { loadMigrations } from './store/migrations';
import { SqliteStore } from './store/sqlite-store';

describe('buildServiceCenterSubgraph', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'sc-server-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function departmentsCount(def: ReturnType<typeof buildServiceCenterSubgraph>) {
    const response = await buildApollo(def, unitTrust()).executeOperation(
      { query: '{ departments { code } }' },
      { contextValue: unitContext('counter') },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = response.body.singleResult;
    return errors ? { errors } : { count: (data as { departments: unknown[] }).departments.length };
  }

  it('touches no database until first used, then creates the folder and migrates once', async () => {
    const file = path.join(dir, 'nested', 'service-center.sqlite');
    const def = buildServiceCenterSubgraph({ sqlitePath: file });
    expect(existsSync(file)).toBe(false);
    const [a, b] = await Promise.all([def.store(), def.store()]);
    expect(a).toBe(b);
    expect(existsSync(file)).toBe(true);
    expect(await a.appliedMigrations()).toHaveLength(9);
    expect(await departmentsCount(def)).toEqual({ count: 20 });
    await def.close?.();
  });

  it('refuses a database migrated by newer code, and opens it once that is fixed', async () => {
    const file = path.join(dir, 'service-center.sqlite');
    const newer = new SqliteStore({
      path: file,
      migrations: [
        ...loadMigrations(),
        { version: 10, name: '010_windows.sql', sql: 'CREATE TABLE windows (no INTEGER);', checksum: 'c' },
      ],
    });
    await newer.migrate();
    await newer.close();

    const def = buildServiceCenterSubgraph({ sqlitePath: file });
    await expect(def.store()).rejects.toBeInstanceOf(MigrationError);
    await expect(def.ready?.()).rejects.toThrow(
      'has migration 10 (010_windows.sql) that this code does not know',
    );
    expect(await departmentsCount(def)).toEqual({
      errors: [
        expect.objectContaining({
          message: 'internal error',
          extensions: { code: 'INTERNAL', department: 'service-center' },
        }),
      ],
    });

    const db = new Database(file);
    db.exec('DELETE FROM schema_migrations WHERE version = 10');
    db.close();
    expect(await departmentsCount(def)).toEqual({ count: 20 });
    await def.close?.();
  });
});
