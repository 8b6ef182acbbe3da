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

/**
 * One INSERT of several rows (`VALUES (?, ?), (?, ?)`), its parameters row after row: one round
 * trip however many rows. Every row has the columns' values in their order; nothing for no rows.
 */
export async function insertRows(
  session: SqlSession,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  for (const r of rows)
    if (r.length !== columns.length)
      throw new TypeError(`${table}: a row of ${r.length} values for ${columns.length} columns`);
  const tuple = `(${marks(columns.length)})`;
  await session.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`,
    rows.flat(),
  );
}

/** Rewrites `?` placeholders as PostgreSQL's `$1, $2 ...` (our SQL never has a `?` inside a literal). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
