import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceFolder } from '../../../adapters/kit/source-folder';

/** One ordered SQL file of `migrations/`, e.g. `003_create_cases.sql`. */
export interface Migration {
  version: number;
  /** The file name; recorded with the version so an operator can read what ran. */
  name: string;
  sql: string;
  /** sha256 of the text (line endings normalised), to notice a file edited after it ran. */
  checksum: string;
}

const FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

/**
 * `subgraphs/service-center/migrations/`. The compiled code runs from dist/subgraphs/service-center/store/
 * while the SQL stays in the source tree (one source of truth, nothing copied by the build).
 */
export function migrationsDir(dir: string = path.join(__dirname, '..')): string {
  const found = sourceFolder('migrations', dir);
  if (!found) throw new Error(`no migrations folder beside ${dir}`);
  return found;
}

export function checksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Reads the migration files in version order. A stray file name or a gap in the numbering
 * stops start-up: either would make two installations disagree about what version N means.
 */
export function loadMigrations(dir: string = migrationsDir()): Migration[] {
  const files = readdirSync(dir).sort();
  const migrations = files.map((name, i): Migration => {
    const m = FILE.exec(name);
    if (!m)
      throw new Error(`migration file names must look like 001_create_things.sql: ${path.join(dir, name)}`);
    const version = Number(m[1]);
    if (version !== i + 1)
      throw new Error(`migration ${name} should be number ${String(i + 1).padStart(3, '0')} (no gaps)`);
    const sql = readFileSync(path.join(dir, name), 'utf8');
    return { version, name, sql, checksum: checksum(sql) };
  });
  if (migrations.length === 0) throw new Error(`no migrations in ${dir}`);
  return migrations;
}
