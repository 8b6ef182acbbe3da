import type { AddressInfo } from 'node:net';
import { FaultController } from '../kit/faults';
import { createAdminServer, startMock, type MockHandle, type MockStartOptions } from '../kit/mock-server';
import { seedMariadb } from './mariadb-store';
import { DEFAULT_SQLITE_PATH, seedSqlite, SqliteLock, type SeedProgress } from './sqlite-store';
import { createMysqlFaultProxy } from './wire-proxy';

export interface TaxMockOptions extends MockStartOptions {
  /**
   * MariaDB to seed and to put the wire proxy in front of, e.g. `mysql://root@127.0.0.1:3306/test`
   * (index.ts passes MARIADB_URL). Without it the database is an embedded SQLite file.
   */
  mariadbUrl?: string;
  /** The SQLite file, in SQLite mode (index.ts passes TAX_SQLITE_PATH). @default os.tmpdir()/one-window/tax-legacy.sqlite */
  sqlitePath?: string;
  /** Told how many rows are seeded, every 1% (SQLite) or every 500 rows (MariaDB). */
  onSeedProgress?: SeedProgress;
}

export interface TaxMockHandle extends MockHandle {
  /** Which database the bureau's views are served from. */
  backend: 'sqlite' | 'mariadb';
  /** The SQLite file (SQLite mode only), so tests can tamper with their own copy. */
  sqlitePath?: string;
}

/**
 * Starts the Taxation Bureau's legacy database: seeds the tables and views from the world
 * (dropping what was there), then either runs the MySQL wire proxy with the fault layer in
 * front of MariaDB (`url` = mysql://...@host:<proxy port>/<database>), or, for SQLite, only
 * the admin endpoint (`url` = sqlite:<file>, `port` 0: there is no wire to listen on).
 */
export async function startTaxMock(options: TaxMockOptions): Promise<TaxMockHandle> {
  const controller = new FaultController(options.baseLatencyMs ?? 0);
  if (options.mariadbUrl) return startOnMariadb(options.mariadbUrl, controller, options);
  return startOnSqlite(options.sqlitePath ?? DEFAULT_SQLITE_PATH, controller, options);
}

async function startOnMariadb(
  mariadbUrl: string,
  controller: FaultController,
  options: TaxMockOptions,
): Promise<TaxMockHandle> {
  const target = new URL(mariadbUrl);
  if (target.protocol !== 'mysql:' && target.protocol !== 'mariadb:')
    throw new TypeError(`mariadbUrl must be a mysql:// or mariadb:// URL: ${mariadbUrl}`);
  await seedMariadb(mariadbUrl, options.world, options.onSeedProgress);
  const proxy = createMysqlFaultProxy(
    { host: target.hostname, port: Number(target.port || 3306) },
    controller,
  );
  const handle = await startMock('tax', 'tcp', proxy, controller, options);
  const url = new URL(mariadbUrl);
  url.protocol = 'mysql:';
  url.hostname = options.host ?? '127.0.0.1';
  url.port = String(handle.port);
  return { ...handle, url: url.toString(), backend: 'mariadb' };
}

async function startOnSqlite(
  file: string,
  controller: FaultController,
  options: TaxMockOptions,
): Promise<TaxMockHandle> {
  seedSqlite(file, options.world, options.onSeedProgress);
  const lock = new SqliteLock(file);
  // A file has no wire: hang and maintenance become an exclusive lock; the other faults need MariaDB.
  controller.on('change', (f: { hang?: boolean; maintenanceRetryAfter?: number }) => {
    if (f.hang || f.maintenanceRetryAfter !== undefined) lock.hold();
    else lock.release();
  });
  const host = options.host ?? '127.0.0.1';
  const admin = createAdminServer('tax', controller);
  await new Promise<void>((resolve, reject) => {
    admin.once('error', reject);
    admin.listen(options.adminPort ?? 0, host, () => resolve());
  });
  const adminPort = (admin.address() as AddressInfo).port;
  return {
    name: 'tax',
    url: `sqlite:${file}`,
    adminUrl: `http://${host}:${adminPort}`,
    port: 0,
    controller,
    backend: 'sqlite',
    sqlitePath: file,
    close: async () => {
      controller.removeAllListeners('change');
      lock.release();
      await new Promise<void>((r) => {
        admin.closeAllConnections();
        admin.close(() => r());
      });
    },
  };
}
