import { existsSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../trust/audit/test-support';
import type { RegistryStore } from '../model';
import { openRegistryStore, registryStoreFromEnv } from './open-registry-store';

const tmp = tempDir('registry-open-');
afterAll(() => tmp.remove());

describe('openRegistryStore and registryStoreFromEnv', () => {
  const opened: RegistryStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  const keep = (store: RegistryStore) => {
    opened.push(store);
    return store;
  };

  it('opens SQLite at REGISTRY_SQLITE_PATH when no database URL is set (an empty one counts as unset)', async () => {
    const file = path.join(tmp.dir, 'env', 'registry.sqlite');
    const store = keep(
      await registryStoreFromEnv({ REGISTRY_SQLITE_PATH: file, REGISTRY_DATABASE_URL: '', DATABASE_URL: '' }),
    );
    expect(store.kind).toBe('sqlite');
    expect(existsSync(file)).toBe(true);
    await store.registerOperations('portal', [], 'portal-release');
    const same = keep(await openRegistryStore({ sqlitePath: file }));
    expect(await same.operationsRevision()).toBe(1);
  });

  it('opens SQLite in memory when asked, and stamps with the clock given', async () => {
    const store = keep(
      await openRegistryStore({ sqlitePath: ':memory:', now: () => new Date('2026-11-20T09:00:00+08:00') }),
    );
    await store.appendEvent({
      kind: 'publish',
      actor: 'a',
      department: null,
      supergraphVersion: null,
      summary: 's',
      details: null,
    });
    expect((await store.events()).map((e) => e.at)).toEqual(['2026-11-20T01:00:00.000Z']);
  });
});

describe('a registry store whose database fails', () => {
  it('answers REGISTRY_UNAVAILABLE naming the engine, and passes its own typed errors and argument checks on', async () => {
    const store = await openRegistryStore({ sqlitePath: ':memory:' });
    await expect(
      store.commit({
        expectedCurrent: 7,
        add: [],
        keep: [],
        supergraphSdl: 'x',
        action: 'publish',
        by: 'me',
      }),
    ).rejects.toMatchObject({
      name: 'RegistryArgumentError',
      message: 'commit: a supergraph needs at least one subgraph (add or keep)',
    });
    await expect(store.supergraphs(0)).rejects.toBeInstanceOf(TypeError);
    await store.close();
    await expect(store.currentVersion()).rejects.toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      message: 'schema registry (sqlite): The database connection is not open',
    });
  });
});
