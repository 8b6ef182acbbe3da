import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import { loadWorld } from '../../mocks/data/generator';
import { describeCaseConformance } from './service-center.cases.conformance';
import { describeCatalogueConformance } from './service-center.catalogue.conformance';
import { describeServiceCenterConformance, type ConformanceTarget } from './service-center.conformance';
import { describeIndustryConformance } from './service-center.industry.conformance';
import { SqliteStore } from './store/sqlite-store';

const dir = mkdtempSync(path.join(os.tmpdir(), 'service-center-test-'));
let n = 0;

// Files rather than :memory:, so a second store on the same database is a second connection.
const target: ConformanceTarget = {
  engine: 'SQLite',
  newDatabase: async () => path.join(dir, `db-${++n}`, 'service-center.sqlite'),
  storeFor: (database, migrations, catalogue) => new SqliteStore({ path: database, migrations, catalogue }),
  dropAll: async () => rmSync(dir, { recursive: true, force: true }),
  startLibrary: () =>
    startBigDataCenterMock({ port: 0, adminPort: 0, world: loadWorld({ people: 50 }), baseLatencyMs: 0 }),
  rowCounts: async (database, tables) => {
    const db = new Database(database, { readonly: true });
    try {
      return Object.fromEntries(
        tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]),
      );
    } finally {
      db.close();
    }
  },
};

describeServiceCenterConformance(target);
describeCatalogueConformance(target);
describeCaseConformance(target);
describeIndustryConformance(target);
