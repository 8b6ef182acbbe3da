/**
 * What the shared SQL runs on: one connection (or one transaction on it). Statements use `?`
 * placeholders; the PostgreSQL session numbers them ($1, $2 ...) before sending.
 */
export interface SqlSession {
  /** Runs one statement and returns its rows (none for writes). */
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of statements without parameters (a migration file). */
  exec(sql: string): Promise<void>;
}

/** `?, ?, ?` for an IN list of n values. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Rewrites `?` placeholders as PostgreSQL's `$1, $2 ...` (our SQL never has a `?` inside a literal). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
