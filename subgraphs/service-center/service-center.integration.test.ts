import { Client } from 'pg';
import { loadMigrations } from './store/migrations';
import { PostgresStore } from './store/postgres-store';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import { loadWorld } from '../../mocks/data/generator';
import { describeCaseConformance } from './service-center.cases.conformance';
import { describeCatalogueConformance } from './service-center.catalogue.conformance';
import { describeServiceCenterConformance, type ConformanceTarget } from './service-center.conformance';
import { describeIndustryConformance } from './service-center.industry.conformance';
import { dropSchemas } from '../../test/helpers/pg-schemas';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl)
  throw new Error(
    'service-center integration tests need DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test ' +
      'npx jest --selectProjects integration subgraphs/service-center',
  );
const url = databaseUrl;

// One fresh schema per database of this run, dropped afterwards: runs on one server never collide.
const run = `sc_it_${process.pid}_${Date.now().toString(36)}`;
const schemas: string[] = [];

const target: ConformanceTarget = {
  engine: 'PostgreSQL',
  newDatabase: async () => {
    const schema = `${run}_${schemas.length + 1}`;
    schemas.push(schema);
    return schema;
  },
  storeFor: (schema, migrations, catalogue) =>
    new PostgresStore({ databaseUrl: url, schema, poolSize: 4, migrations, catalogue }),
  dropAll: () => dropSchemas(url, schemas),
  startLibrary: () =>
    startBigDataCenterMock({ port: 0, adminPort: 0, world: loadWorld({ people: 50 }), baseLatencyMs: 0 }),
  rowCounts: async (schema, tables) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const counts: Record<string, number> = {};
      for (const t of tables)
        counts[t] = Number((await client.query(`SELECT COUNT(*) AS n FROM "${schema}".${t}`)).rows[0].n);
      return counts;
    } finally {
      await client.end();
    }
  },
};

describeServiceCenterConformance(target);
describeCatalogueConformance(target);
describeCaseConformance(target);
describeIndustryConformance(target);

describe('PostgresStore', () => {
  const schema = `${run}_concurrent`;
  afterAll(() => dropSchemas(url, [schema]));

  it('applies each migration once when three processes start on one database together', async () => {
    const stores = [1, 2, 3].map(() => new PostgresStore({ databaseUrl: url, schema, poolSize: 2 }));
    try {
      const reports = await Promise.all(stores.map((s) => s.migrate()));
      expect(reports.map((r) => r.applied.length).sort()).toEqual([0, 0, loadMigrations().length]);
      expect((await stores[0]!.listDepartments()).length).toBe(20);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('reports an unreachable server as DEPARTMENT_UNAVAILABLE', async () => {
    const store = new PostgresStore({
      databaseUrl: 'postgres://postgres@127.0.0.1:1/test',
      schema,
      poolSize: 1,
    });
    try {
      await expect(store.ping()).rejects.toMatchObject({
        code: 'DEPARTMENT_UNAVAILABLE',
        department: 'service-center',
      });
    } finally {
      await store.close();
    }
  });
});
