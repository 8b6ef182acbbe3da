import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checksum, loadMigrations, migrationsDir } from './migrations';

describe('loadMigrations', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'sc-migrations-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the files of migrations/ in version order with their checksums', () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => [m.version, m.name])).toEqual([
      [1, '001_create_departments.sql'],
      [2, '002_create_matters.sql'],
      [3, '003_create_cases.sql'],
      [4, '004_seed_departments.sql'],
      [5, '005_seed_matters.sql'],
      [6, '006_seed_golden_cases.sql'],
      [7, '007_extend_matter_catalogue.sql'],
      [8, '008_extend_cases.sql'],
      [9, '009_seed_golden_case_history.sql'],
    ]);
    expect(migrations[0]!.checksum).toBe(checksum(migrations[0]!.sql));
  });

  it('finds the source migrations/ from the compiled dist/ folder', () => {
    const source = path.resolve(__dirname, '..');
    const compiled = source.replace(
      `${path.sep}subgraphs${path.sep}`,
      `${path.sep}dist${path.sep}subgraphs${path.sep}`,
    );
    expect(migrationsDir(compiled)).toBe(path.join(source, 'migrations'));
  });

  it('ignores line endings in the checksum, so a Windows checkout is the same migration', () => {
    expect(checksum('SELECT 1;\r\nSELECT 2;\r\n')).toBe(checksum('SELECT 1;\nSELECT 2;\n'));
  });

  it('refuses a gap in the numbering', () => {
    writeFileSync(path.join(dir, '001_a.sql'), 'SELECT 1;');
    writeFileSync(path.join(dir, '003_c.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow('migration 003_c.sql should be number 002 (no gaps)');
  });

  it('refuses a file that is not NNN_name.sql', () => {
    writeFileSync(path.join(dir, '001_a.sql'), 'SELECT 1;');
    writeFileSync(path.join(dir, 'notes.txt'), 'remember');
    expect(() => loadMigrations(dir)).toThrow(
      `migration file names must look like 001_create_things.sql: ${path.join(dir, 'notes.txt')}`,
    );
  });

  it('refuses an empty folder', () => {
    expect(() => loadMigrations(dir)).toThrow(`no migrations in ${dir}`);
  });
});
