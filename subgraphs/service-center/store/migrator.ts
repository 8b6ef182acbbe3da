import { isDataLayerError } from '../../../adapters/kit/errors';
import type { Migration } from './migrations';
import type { SqlSession } from './sql-session';
import type { AppliedMigration, MigrationReport } from './store';

/** The database and this code disagree about the schema; the store refuses to open. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  checksum   TEXT NOT NULL,
  applied_at TIMESTAMP WITH TIME ZONE NOT NULL
)`;

interface AppliedRow {
  version: number | string;
  name: string;
  checksum: string;
}

export async function readApplied(session: SqlSession): Promise<AppliedMigration[]> {
  const rows = await session.query<AppliedRow>(
    'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
  );
  return rows.map((r) => ({ version: Number(r.version), name: r.name }));
}

/**
 * Brings the schema up to date. Runs inside the caller's transaction, after the caller took the
 * engine's migration lock, so two processes starting together apply each migration once and a
 * failing migration leaves nothing half done.
 */
export async function applyMigrations(
  session: SqlSession,
  migrations: readonly Migration[],
): Promise<Omit<MigrationReport, 'catalogue'>> {
  await session.exec(MIGRATIONS_TABLE);
  const applied = await session.query<AppliedRow>(
    'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
  );
  const known = new Map(migrations.map((m) => [m.version, m]));
  const newestKnown = Math.max(...migrations.map((m) => m.version));

  // A newer release migrated this database; serving it with older code would misread its tables.
  const unknown = applied.filter((a) => !known.has(Number(a.version)));
  if (unknown.length > 0)
    throw new MigrationError(
      `the service-center database has migration ${unknown.map((u) => `${u.version} (${u.name})`).join(', ')} ` +
        `that this code does not know (it knows up to ${newestKnown}): run the release that migrated it, or restore a backup`,
    );
  for (const a of applied) {
    const m = known.get(Number(a.version))!;
    if (m.checksum !== a.checksum)
      throw new MigrationError(
        `migration ${m.name} was changed after it was applied to this database: add a new migration instead of editing one`,
      );
  }

  const done = new Set(applied.map((a) => Number(a.version)));
  const newestApplied = Math.max(0, ...done);
  const pending = migrations.filter((m) => !done.has(m.version));
  const late = pending.find((m) => m.version < newestApplied);
  if (late)
    throw new MigrationError(
      `migration ${late.name} is older than ${newestApplied}, which is already applied: renumber it`,
    );

  for (const m of pending) {
    try {
      await session.exec(m.sql);
    } catch (e) {
      // Name the file for the operator; an unreachable database keeps its own error code.
      if (isDataLayerError(e)) throw e;
      throw new MigrationError(
        `migration ${m.name} failed, so none of this run was applied: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    await session.query(
      'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
      [m.version, m.name, m.checksum, new Date().toISOString()],
    );
  }
  return {
    applied: pending.map((m) => m.name),
    version: Math.max(newestApplied, ...pending.map((m) => m.version)),
  };
}
