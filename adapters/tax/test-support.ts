import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A SQLite file of the test's own, so test files never share (or clobber) a database. */
export function tempSqlitePath(name: string): string {
  const dir = path.join(os.tmpdir(), 'one-window');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `tax-${name}-${process.pid}-${Date.now()}.sqlite`);
}

export function removeFile(file: string): void {
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}-journal`, { force: true });
}
