import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { tempDir } from '../../trust/audit/test-support';
import type { RegistryStore } from '../model';
import { openRegistryStore, registryStoreFromEnv } from './open-registry-store';
import { openPostgresRegistryStore } from './postgres-store';
import { describeRegistryStoreConformance, type RegistryStoreTarget } from './store.conformance';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl)
  throw new Error(
    'registry integration tests need DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test ' +
      'npx jest --selectProjects integration registry/store',
  );
const url = databaseUrl;

const tmp = tempDir('registry-pg-');
afterAll(() => tmp.remove());

// A fresh schema per test of this run, all dropped afterwards: runs never collide.
const run = `registry_it_${process.pid}_${Date.now().toString(36)}`;
let schemas = 0;
const made: string[] = [];
function freshSchema(): string {
  const schema = `${run}_${++schemas}`;
  made.push(schema);
  return schema;
}

async function sql<T extends object = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function dropAll(): Promise<void> {
  for (const s of made.splice(0)) await sql(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
}

function postgresTarget(): RegistryStoreTarget {
  let schema = '';
  return {
    engine: 'PostgreSQL (a schema, one pool per store)',
    fresh: async () => {
      schema = freshSchema();
    },
    open: (options) => openPostgresRegistryStore(url, schema, options),
    dropAll,
  };
}

describeRegistryStoreConformance(postgresTarget());

describe('PostgreSQL registry store', () => {
  const opened: RegistryStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(dropAll);
  const keep = (stores: RegistryStore[]) => {
    opened.push(...stores);
    return stores;
  };

  it('creates the schema and its tables once when several processes open it together', async () => {
    const schema = freshSchema();
    const stores = keep(await Promise.all([1, 2, 3, 4].map(() => openPostgresRegistryStore(url, schema))));
    expect(stores.map((s) => s.kind)).toEqual(['postgres', 'postgres', 'postgres', 'postgres']);
    const tables = await sql<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'events',
      'head',
      'operation_usage',
      'registered_operations',
      'subgraph_versions',
      'supergraph_members',
      'supergraph_versions',
    ]);
    expect(await sql(`SELECT one, operations_revision FROM "${schema}".head`)).toEqual([
      { one: 1, operations_revision: '0' },
    ]);
  });

  it('stores times as timestamptz and event details as jsonb', async () => {
    const schema = freshSchema();
    const [store] = keep([await openPostgresRegistryStore(url, schema)]);
    await store!.appendEvent({
      kind: 'override',
      actor: 'health-lead',
      department: 'health',
      supergraphVersion: null,
      summary: 'override',
      details: { reason: 'agreed with the portal team', breaks: ['portal:ClinicList'] },
    });
    const rows = await sql<{ at: string; details: string }>(
      `SELECT pg_typeof(at)::text AS at, pg_typeof(details)::text AS details FROM "${schema}".events`,
    );
    expect(rows).toEqual([{ at: 'timestamp with time zone', details: 'jsonb' }]);
    expect(await sql(`SELECT details->>'reason' AS reason FROM "${schema}".events`)).toEqual([
      { reason: 'agreed with the portal team' },
    ]);
  });

  it('opens PostgreSQL from REGISTRY_DATABASE_URL before DATABASE_URL, in REGISTRY_PG_SCHEMA', async () => {
    const schema = freshSchema();
    const store = keep([
      await registryStoreFromEnv({
        REGISTRY_DATABASE_URL: url,
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        REGISTRY_PG_SCHEMA: schema,
        REGISTRY_SQLITE_PATH: '/nonexistent/never-used.sqlite',
      }),
    ])[0]!;
    expect(store.kind).toBe('postgres');
    await store.registerOperations('app', [], 'app-release');
    expect(await sql(`SELECT operations_revision FROM "${schema}".head`)).toEqual([
      { operations_revision: '1' },
    ]);
    const viaDatabaseUrl = keep([
      await registryStoreFromEnv({ DATABASE_URL: url, REGISTRY_PG_SCHEMA: schema }),
    ])[0]!;
    expect(await viaDatabaseUrl.operationsRevision()).toBe(1);
    const viaOptions = keep([await openRegistryStore({ databaseUrl: url, pgSchema: schema })])[0]!;
    expect(await viaOptions.operationsRevision()).toBe(1);
  });

  it('refuses an unreachable server and a schema name that is not an identifier, with Errors naming them', async () => {
    const unused = path.join(tmp.dir, 'unused.sqlite');
    await expect(
      registryStoreFromEnv({
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        REGISTRY_SQLITE_PATH: unused,
      }),
    ).rejects.toThrow(/^registry store: cannot prepare PostgreSQL schema registry: /);
    expect(existsSync(unused)).toBe(false); // no silent fallback to SQLite
    await expect(
      openPostgresRegistryStore('postgres://postgres@127.0.0.1:1/none', 'registry'),
    ).rejects.toThrow(/^registry store: cannot prepare PostgreSQL schema registry: /);
    await expect(openPostgresRegistryStore(url, 'Registry"; DROP SCHEMA public; --')).rejects.toThrow(
      new Error(
        'registry schema must be a lowercase SQL identifier ([a-z_][a-z0-9_]*): Registry"; DROP SCHEMA public; --',
      ),
    );
  });
});
