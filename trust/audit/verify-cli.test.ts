import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openAuditStore } from './open-audit-store';
import { drafts, signingKeys, tempDir, writeJwks } from './test-support';

const ROOT = path.resolve(__dirname, '../..');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<CliResult> {
  const { DATABASE_URL: _db, AUDIT_SQLITE_PATH: _path, AUDIT_VERIFY_KEYS_FILE: _keys, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['ts-node', '--transpile-only', 'trust/audit/verify-cli.ts', ...args],
      { cwd: ROOT, env },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('npm run audit:verify', () => {
  const tmp = tempDir('audit-cli-');
  afterAll(() => tmp.remove());
  let live: string;
  let keys: string;
  let A: string;
  let B: string;

  const runs: Record<'intact' | 'tampered' | 'unknown' | 'noKeys' | 'noFile', CliResult> = {} as never;

  // The CLI runs in child processes (a ts-node start each): all at once, then each test reads its result.
  beforeAll(async () => {
    live = path.join(tmp.dir, 'live', 'audit.sqlite');
    const { privateJwk, jwks } = await signingKeys();
    keys = writeJwks(tmp.dir, jwks);
    const a = await openAuditStore({
      department: 'health',
      sqlitePath: live,
      signingKey: privateJwk,
      checkpointEvery: 5,
    });
    const b = await openAuditStore({ department: 'tax', sqlitePath: live, signingKey: privateJwk });
    for (const d of drafts(12)) await a.append([d]);
    await b.append(drafts(3));
    A = a.writer;
    B = b.writer;
    await a.close();
    await b.close();

    // An auditor's offline copy: the closed file alone, in another folder.
    mkdirSync(path.join(tmp.dir, 'copy'));
    const copy = path.join(tmp.dir, 'copy', 'audit-copy.sqlite');
    copyFileSync(live, copy);
    const tampered = path.join(tmp.dir, 'tampered.sqlite');
    copyFileSync(live, tampered);
    const db = new Database(tampered);
    db.exec('DROP TRIGGER audit_records_no_update');
    db.prepare('UPDATE audit_records SET outcome = ? WHERE writer = ? AND seq = ?').run('denied', A, 4);
    db.close();

    const [intact, broken, unknown, noKeys, noFile] = await Promise.all([
      runCli(['--file', copy, '--keys', keys]),
      runCli(['--file', tampered, '--keys', keys]),
      runCli(['--verbose']),
      runCli(['--file', live, '--keys', path.join(tmp.dir, 'none.json')]),
      runCli(['--file', path.join(tmp.dir, 'none.sqlite'), '--keys', keys]),
    ]);
    Object.assign(runs, { intact, tampered: broken, unknown, noKeys, noFile });
  }, 60_000);

  it('exits 0 on an intact offline copy of the file, with a table of the chains', () => {
    const result = runs.intact;
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^writer\s+records\s+checkpoints\s+status$/);
    const rows = lines.slice(1, 3).map((l) => l.split(/\s{2,}/));
    expect(rows.sort()).toEqual(
      [
        [A, '12', '3', 'ok'],
        [B, '3', '1', 'ok'],
      ].sort(),
    );
    expect(lines[lines.length - 1]).toBe('2 chains, 15 records, 4 checkpoints: all verify');
    expect(result.stdout).not.toContain('FIRST BROKEN RECORD');
  });

  it('exits 1 on a tampered copy and names the first broken record', () => {
    const result = runs.tampered;
    const writer = A.replace(/[.]/g, '\\.');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^FIRST BROKEN RECORD: writer=${writer} seq=4 \\(edited: stored hash [0-9a-f]{12}…, ` +
          "the record's fields hash to [0-9a-f]{12}…: a field was changed\\)$",
        'm',
      ),
    );
    expect(result.stdout).toMatch(new RegExp(`^${writer}\\s+12\\s+3\\s+BROKEN at seq 4 \\(edited\\)$`, 'm'));
    expect(result.stdout.trimEnd().split('\n').pop()).toBe(
      '1 of 2 chains broken (15 records, 4 checkpoints)',
    );
  });

  it('exits 2 on usage and configuration errors', () => {
    const { unknown, noKeys, noFile } = runs;
    expect([unknown.code, noKeys.code, noFile.code]).toEqual([2, 2, 2]);
    expect(unknown.stderr).toContain('audit:verify: unknown argument --verbose');
    expect(noKeys.stderr).toContain(`audit:verify: no keys file ${path.join(tmp.dir, 'none.json')}`);
    expect(noFile.stderr).toContain(`audit:verify: no file ${path.join(tmp.dir, 'none.sqlite')}`);
  });
});
