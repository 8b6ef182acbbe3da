import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPHS } from '../gateway/departments';
import { ROOT } from './checks/test-support';
import { SchemaRegistry } from './schema-registry';
import { SqliteRegistryStore } from './store/sqlite-store';
import { syncCheckout } from './sync-checkout';

/** A checkout holding only what the sync reads: every subgraph schema and the channel manifests. */
function checkout(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'owdl-sync-'));
  for (const s of SUBGRAPHS)
    cpSync(
      path.join(ROOT, 'subgraphs', s.name, 'schema.graphql'),
      path.join(dir, 'subgraphs', s.name, 'schema.graphql'),
    );
  cpSync(
    path.join(ROOT, 'gateway', 'persisted-operations'),
    path.join(dir, 'gateway', 'persisted-operations'),
    {
      recursive: true,
    },
  );
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const p = path.join(dir, file);
  writeFileSync(p, change(readFileSync(p, 'utf8')));
}

describe('syncCheckout (npm start brings the registry up to the checkout)', () => {
  let dir: string;
  let registry: SchemaRegistry;
  beforeEach(() => {
    dir = checkout();
    registry = new SchemaRegistry(SqliteRegistryStore.open(':memory:'));
  });
  afterEach(async () => {
    await registry.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('bootstraps an empty registry from the checkout, then finds nothing to do', async () => {
    const first = await syncCheckout(registry, dir, 'npm start');
    expect(first.bootstrapped?.version).toBe(1);
    expect(first.published).toEqual([]);
    const again = await syncCheckout(registry, dir, 'npm start');
    expect(again).toEqual({
      bootstrapped: null,
      published: [],
      refused: [],
      registered: [],
      notRegistered: [],
      keptInRegistry: [],
    });
    expect(await registry.store.currentVersion()).toBe(1);
  });

  it('publishes a schema changed in the checkout through the checks, and refuses a breaking one', async () => {
    await syncCheckout(registry, dir, 'npm start');
    edit(dir, 'subgraphs/health/schema.graphql', (s) =>
      s.replace(
        '  "Birth weight in grams."',
        '  "Birth length in centimetres."\n  lengthCm: Int\n  "Birth weight in grams."',
      ),
    );
    edit(dir, 'subgraphs/human-resources/schema.graphql', (s) =>
      s.replace(/\n\s*"[^"\n]*"\n\s*contributionMonths: Int!/, ''),
    );
    const outcome = await syncCheckout(registry, dir, 'npm start');
    expect(outcome.published).toEqual([{ department: 'health', supergraph: 2 }]);
    expect(outcome.refused).toEqual([
      {
        department: 'human-resources',
        code: 'OPERATIONS_WOULD_BREAK',
        message: expect.stringContaining('CounterView (counter, Service centre counter team)'),
      },
    ]);
    const current = await registry.store.current();
    expect(current?.version).toBe(2);
    expect(current?.sdl).toContain('lengthCm: Int');
    expect(current?.sdl).toContain('contributionMonths: Int!');
  });

  it('registers a channel manifest that changed in the checkout', async () => {
    await syncCheckout(registry, dir, 'npm start');
    edit(dir, 'gateway/persisted-operations/portal.json', (s) => {
      const manifest = JSON.parse(s) as { operations: unknown[] };
      manifest.operations = manifest.operations.slice(1);
      return JSON.stringify(manifest);
    });
    const before = (await registry.store.registeredOperations('portal')).length;
    const outcome = await syncCheckout(registry, dir, 'npm start');
    expect(outcome.registered).toEqual([{ channel: 'portal', operations: before - 1 }]);
    expect(await registry.store.registeredOperations('portal')).toHaveLength(before - 1);
  });

  it('keeps what someone else published or registered since, instead of reverting it to the checkout', async () => {
    await syncCheckout(registry, dir, 'npm start');
    const healthWithLength = readFileSync(path.join(dir, 'subgraphs/health/schema.graphql'), 'utf8').replace(
      '  "Birth weight in grams."',
      '  "Birth length in centimetres."\n  lengthCm: Int\n  "Birth weight in grams."',
    );
    await registry.publish({ department: 'health', sdl: healthWithLength, by: 'ci-health' });
    const portal = (await registry.store.registeredOperations('portal')).slice(1);
    await registry.registerOperations('portal', portal, 'ci-portal');
    const outcome = await syncCheckout(registry, dir, 'npm start');
    expect(outcome.published).toEqual([]);
    expect(outcome.registered).toEqual([]);
    expect(outcome.keptInRegistry).toEqual([
      { what: 'health v2', by: 'ci-health' },
      { what: 'portal operations', by: 'ci-portal' },
    ]);
    expect((await registry.store.current())?.sdl).toContain('lengthCm: Int');
    expect(await registry.store.registeredOperations('portal')).toHaveLength(portal.length);
  });

  it('only bootstraps when told not to publish (a shared PostgreSQL registry)', async () => {
    await syncCheckout(registry, dir, 'npm start', { publish: false });
    edit(dir, 'subgraphs/health/schema.graphql', (s) =>
      s.replace(
        '  "Birth weight in grams."',
        '  "Birth length in centimetres."\n  lengthCm: Int\n  "Birth weight in grams."',
      ),
    );
    const outcome = await syncCheckout(registry, dir, 'npm start', { publish: false });
    expect(outcome.published).toEqual([]);
    expect(await registry.store.currentVersion()).toBe(1);
  });
});
