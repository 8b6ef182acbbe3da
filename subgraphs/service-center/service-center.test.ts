import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeServiceCenterConformance } from './service-center.conformance';
import { SqliteStore } from './store/sqlite-store';

const dir = mkdtempSync(path.join(os.tmpdir(), 'service-center-test-'));
let n = 0;

// Files rather than :memory:, so a second store on the same database is a second connection.
describeServiceCenterConformance({
  engine: 'SQLite',
  newDatabase: async () => path.join(dir, `db-${++n}`, 'service-center.sqlite'),
  storeFor: (database, migrations) => new SqliteStore({ path: database, migrations }),
  dropAll: async () => rmSync(dir, { recursive: true, force: true }),
});
