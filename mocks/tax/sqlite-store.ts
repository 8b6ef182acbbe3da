import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { WorldIndex } from '../data/world';
import { buildRows, COLUMNS, rowCount } from './rows';
import { schemaStatements, TABLES } from './schema';

/** Where the embedded database lives unless TAX_SQLITE_PATH says otherwise. */
export const DEFAULT_SQLITE_PATH = path.join(os.tmpdir(), 'one-window', 'tax-legacy.sqlite');

export type SeedProgress = (done: number, total: number) => void;

/**
 * Creates (or re-creates: drop, then create) the bureau's database in a SQLite file and
 * seeds it from the world in one transaction. Rollback journal, not WAL: the legacy file
 * is shared by several readers, and the mock's maintenance fault needs an exclusive lock
 * that really stops them.
 */
export function seedSqlite(file: string, world: WorldIndex, onProgress?: SeedProgress): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE');
    for (const sql of schemaStatements('sqlite')) db.exec(sql);
    const rows = buildRows(world);
    const total = rowCount(rows);
    const step = Math.max(1, Math.floor(total / 100));
    let done = 0;
    db.transaction(() => {
      for (const table of TABLES) {
        const cols = COLUMNS[table];
        const insert = db.prepare(
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        );
        for (const row of rows[table]) {
          insert.run(row);
          if (onProgress && (++done % step === 0 || done === total)) onProgress(done, total);
        }
      }
    })();
  } finally {
    db.close();
  }
}

/**
 * Holds an exclusive lock on the file while the maintenance or hang fault is on: every
 * reader then waits out its busy timeout, which is what a locked legacy file looks like.
 */
export class SqliteLock {
  private db: Database.Database | undefined;

  constructor(private readonly file: string) {}

  get held(): boolean {
    return this.db !== undefined;
  }

  hold(): void {
    if (this.db) return;
    const db = new Database(this.file, { fileMustExist: true, timeout: 5_000 });
    db.exec('BEGIN EXCLUSIVE');
    this.db = db;
  }

  release(): void {
    if (!this.db) return;
    this.db.exec('ROLLBACK');
    this.db.close();
    this.db = undefined;
  }
}
