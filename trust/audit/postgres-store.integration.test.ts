import { Client, Pool } from 'pg';
import { drafts, type SqlAuditTarget } from './test-support';
import { openAuditReader, openAuditStore } from './open-audit-store';
import { PostgresAuditStore } from './postgres-store';
import { numberPlaceholders } from './query-sql';
import { describeQueryConformance } from './query.conformance';
import type { WritableAuditStore } from './reader';
import { describeStoreConformance } from './store.conformance';
import { describeTamperConformance } from './tamper.conformance';
import { verifyAudit } from './verify';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl)
  throw new Error(
    'audit integration tests need DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test ' +
      'npx jest --selectProjects integration trust/audit',
  );
const url = databaseUrl;

// One fresh schema per test database of this run, all dropped afterwards: runs never collide.
const run = `audit_it_${process.pid}_${Date.now().toString(36)}`;
let schemas = 0;

async function sql(text: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

function postgresTarget(): SqlAuditTarget & { schema: () => string } {
  const made: string[] = [];
  let schema = '';
  return {
    engine: 'PostgreSQL',
    schema: () => schema,
    fresh: async () => {
      schema = `${run}_${++schemas}`;
      made.push(schema);
    },
    openStore: (options = {}) =>
      openAuditStore({ department: 'health', databaseUrl: url, pgSchema: schema, ...options }),
    openReader: () => openAuditReader({ databaseUrl: url, pgSchema: schema }),
    exec: async (text, params = []) => {
      const client = new Client({ connectionString: url, options: `-c search_path=${schema}` });
      await client.connect();
      try {
        await client.query(numberPlaceholders(text), params);
      } finally {
        await client.end();
      }
    },
    dropTriggers: () =>
      sql(
        ['audit_records', 'audit_checkpoints']
          .map(
            (t) =>
              `DROP TRIGGER ${t}_append_only ON "${schema}".${t}; DROP TRIGGER ${t}_no_truncate ON "${schema}".${t};`,
          )
          .join(' '),
      ),
    dropAll: async () => {
      for (const s of made.splice(0)) await sql(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    },
  };
}

describeStoreConformance(postgresTarget());
describeQueryConformance(postgresTarget());
describeTamperConformance(postgresTarget());

describe('PostgreSQL audit store', () => {
  const target = postgresTarget();
  const open: WritableAuditStore[] = [];
  beforeEach(() => target.fresh());
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(() => target.dropAll());

  it('refuses TRUNCATE of the records', async () => {
    const store = await openAuditStore({ department: 'health', databaseUrl: url, pgSchema: target.schema() });
    open.push(store);
    await store.append(drafts(2));
    await expect(sql(`TRUNCATE "${target.schema()}".audit_records`)).rejects.toThrow(
      'audit_records is append-only: TRUNCATE refused',
    );
  });

  it('creates the tables once when several writers open one schema together', async () => {
    const stores = await Promise.all(
      [1, 2, 3].map(() => openAuditStore({ department: 'tax', databaseUrl: url, pgSchema: target.schema() })),
    );
    open.push(...stores);
    await Promise.all(stores.map((s) => s.append(drafts(4))));
    expect((await verifyAudit(stores[0]!, { keys: [] })).chains.map((c) => c.records)).toEqual([4, 4, 4]);
  });

  it('fails closed while the table refuses writes, leaves the head, and continues the chain after', async () => {
    const store = await openAuditStore({ department: 'health', databaseUrl: url, pgSchema: target.schema() });
    open.push(store);
    const before = await store.append(drafts(2));
    const head = store.head;
    const s = `"${target.schema()}"`;
    await sql(`CREATE FUNCTION ${s}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not extend file'; END $$;
      CREATE TRIGGER refuse BEFORE INSERT ON ${s}.audit_records FOR EACH ROW EXECUTE FUNCTION ${s}.refuse();`);
    await expect(store.append(drafts(3))).rejects.toMatchObject({
      code: 'AUDIT_UNAVAILABLE',
      message: `audit store ${store.writer} could not append: could not extend file`,
    });
    expect(store.head).toEqual(head);
    await sql(`DROP TRIGGER refuse ON ${s}.audit_records`);
    const after = await store.append(drafts(1));
    expect(after[0]).toMatchObject({ seq: 3, prevHash: before[1]!.hash });
    expect(await verifyAudit(store, { keys: [] })).toMatchObject({ ok: true, records: 3 });
  });

  it('fails closed with AUDIT_UNAVAILABLE once its pool is terminated', async () => {
    const pool = new Pool({ connectionString: url, max: 2 });
    const store = await PostgresAuditStore.open({
      databaseUrl: url,
      schema: target.schema(),
      pool,
      department: 'health',
      writer: 'health@test:1:pool',
      signer: null,
      checkpoints: { every: 100, intervalMs: 10_000 },
    });
    await store.append(drafts(1));
    await pool.end();
    await expect(store.append(drafts(1))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    await expect(store.query({})).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    expect(store.head.seq).toBe(1);
    await store.close();
  });

  it('refuses to open an unreachable server, and a reader of a schema without audit tables', async () => {
    await expect(
      openAuditStore({
        department: 'health',
        databaseUrl: 'postgres://postgres@127.0.0.1:1/none',
        pgSchema: 'x',
      }),
    ).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    await expect(openAuditReader({ databaseUrl: url, pgSchema: target.schema() })).rejects.toMatchObject({
      code: 'AUDIT_UNAVAILABLE',
      message: `audit store: cannot open the audit tables: schema ${target.schema()} holds no audit tables`,
    });
  });
});
