import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { openAuditReader, type AuditQueryReader } from '../../trust/audit/open-audit-store';
import { postgresSchema } from '../../trust/audit/postgres-schema';
import { numberPlaceholders } from '../../trust/audit/query-sql';
import { CHECKPOINT_COLUMNS, RECORD_COLUMNS } from '../../trust/audit/record-row';

const root = path.resolve(__dirname, '../..');

/** A copy of the trail taken while every writer runs, to tamper with as an attacker would. */
export interface TrailCopy {
  /** One statement with `?` placeholders, with the database owner's access. */
  exec(sql: string, params?: unknown[]): Promise<void>;
  /** Drops the append-only triggers, which anyone with the file or the owner role can. */
  dropTriggers(): Promise<void>;
  openReader(): Promise<AuditQueryReader>;
  /** `npm run audit:verify` on this copy: its exit status and what it printed. */
  verifyCli(jwksFile: string): Promise<{ status: number | null; stdout: string }>;
}

/** The stack's audit trail as its database sees it, whatever the engine. */
export interface TrailAccess {
  engine: 'SQLite' | 'PostgreSQL';
  openReader(): Promise<AuditQueryReader>;
  /**
   * Makes every append of these departments' writers fail (a trigger that refuses their rows:
   * the transaction fails as on a full disk or a lost database), or, with [], ends the outage.
   */
  outage(departments: string[]): Promise<void>;
  /** A consistent copy of the trail as it stands. */
  copy(): Promise<TrailCopy>;
  /** Closes connections and removes the copies. */
  close(): Promise<void>;
}

/** Runs `trust/audit/verify-cli.ts` as `npm run audit:verify` does (ts-node, transpile only). */
function runVerifyCli(args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--require', 'ts-node/register/transpile-only', 'trust/audit/verify-cli.ts', ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.resume();
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, stdout }));
  });
}

const quoteList = (departments: string[]) => departments.map((d) => `'${d.replace(/'/g, "''")}'`).join(', ');

function sqliteAccess(file: string): TrailAccess {
  const live = new Database(file);
  live.pragma('busy_timeout = 5000');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'owdl-audit-copy-'));
  let copies = 0;
  return {
    engine: 'SQLite',
    openReader: () => openAuditReader({ sqlitePath: file }),
    async outage(departments) {
      live.exec('DROP TRIGGER IF EXISTS audit_test_outage');
      if (departments.length > 0)
        live.exec(`CREATE TRIGGER audit_test_outage BEFORE INSERT ON audit_records
          WHEN NEW.department IN (${quoteList(departments)})
          BEGIN SELECT RAISE(ABORT, 'audit store offline (test outage)'); END`);
    },
    async copy() {
      const copy = path.join(tmp, `audit-copy-${++copies}.sqlite`);
      // SQLite's online backup: a consistent snapshot while the writers keep committing.
      await live.backup(copy);
      const withCopy = (work: (db: Database.Database) => void) => {
        const db = new Database(copy);
        try {
          work(db);
        } finally {
          db.close();
        }
      };
      return {
        exec: async (sql, params = []) => withCopy((db) => void db.prepare(sql).run(...params)),
        dropTriggers: async () =>
          withCopy((db) =>
            db.exec(
              [
                'audit_records_no_update',
                'audit_records_no_delete',
                'audit_checkpoints_no_update',
                'audit_checkpoints_no_delete',
              ]
                .map((t) => `DROP TRIGGER ${t};`)
                .join(' '),
            ),
          ),
        openReader: () => openAuditReader({ sqlitePath: copy }),
        verifyCli: (jwksFile) => runVerifyCli(['--file', copy, '--keys', jwksFile], {}),
      };
    },
    async close() {
      live.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

function postgresAccess(databaseUrl: string, schema: string): TrailAccess {
  const copies: string[] = [];
  const sql = async (text: string, params: unknown[] = [], searchPath?: string) => {
    const client = new Client({
      connectionString: databaseUrl,
      ...(searchPath ? { options: `-c search_path=${searchPath}` } : {}),
    });
    await client.connect();
    try {
      await client.query(text, params);
    } finally {
      await client.end();
    }
  };
  const s = `"${schema}"`;
  return {
    engine: 'PostgreSQL',
    openReader: () => openAuditReader({ databaseUrl, pgSchema: schema }),
    async outage(departments) {
      await sql(`CREATE OR REPLACE FUNCTION ${s}.audit_test_outage() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit store offline (test outage)'; END $$;
        DROP TRIGGER IF EXISTS audit_test_outage ON ${s}.audit_records;`);
      if (departments.length > 0)
        await sql(`CREATE TRIGGER audit_test_outage BEFORE INSERT ON ${s}.audit_records FOR EACH ROW
          WHEN (NEW.department IN (${quoteList(departments)})) EXECUTE FUNCTION ${s}.audit_test_outage()`);
    },
    async copy() {
      const copy = `${schema}_copy${copies.length + 1}`;
      copies.push(copy);
      const c = `"${copy}"`;
      const records = RECORD_COLUMNS.join(', ');
      const checkpoints = CHECKPOINT_COLUMNS.join(', ');
      // The same tables and triggers, filled from one snapshot (records and checkpoints agree).
      await sql(postgresSchema(copy));
      await sql(`BEGIN ISOLATION LEVEL REPEATABLE READ;
        INSERT INTO ${c}.audit_records (${records}) SELECT ${records} FROM ${s}.audit_records ORDER BY id;
        INSERT INTO ${c}.audit_checkpoints (${checkpoints}) SELECT ${checkpoints} FROM ${s}.audit_checkpoints ORDER BY id;
        COMMIT;`);
      return {
        exec: (text, params = []) => sql(numberPlaceholders(text), params, copy),
        dropTriggers: () =>
          sql(
            ['audit_records', 'audit_checkpoints']
              .map(
                (t) =>
                  `DROP TRIGGER ${t}_append_only ON ${c}.${t}; DROP TRIGGER ${t}_no_truncate ON ${c}.${t};`,
              )
              .join(' '),
          ),
        openReader: () => openAuditReader({ databaseUrl, pgSchema: copy }),
        verifyCli: (jwksFile) =>
          runVerifyCli(['--keys', jwksFile], { DATABASE_URL: databaseUrl, AUDIT_PG_SCHEMA: copy }),
      };
    },
    async close() {
      for (const copy of copies.splice(0)) await sql(`DROP SCHEMA IF EXISTS "${copy}" CASCADE`);
    },
  };
}

/** The trail a stack writes, from the environment its gateway process would get (test/helpers/trust.ts). */
export function trailAccess(env: Record<string, string>): TrailAccess {
  if (env.DATABASE_URL) return postgresAccess(env.DATABASE_URL, env.AUDIT_PG_SCHEMA ?? 'audit');
  return sqliteAccess(env.AUDIT_SQLITE_PATH!);
}
