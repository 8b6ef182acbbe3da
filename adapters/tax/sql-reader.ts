/** A value bound to a `?` placeholder. */
export type SqlValue = string | number | null;

/** One row as the driver returns it: column name to value (strings, numbers or NULL). */
export type SqlRow = Record<string, unknown>;

/**
 * Read-only access to the bureau's database, whatever engine serves it. The adapter only
 * ever reads the published views through parameterised statements; implementations turn
 * driver errors into DataLayerErrors (see errors.ts).
 */
export interface SqlReader {
  readonly backend: 'sqlite' | 'mysql';
  /** Runs one parameterised SELECT. */
  query(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]>;
  close(): Promise<void>;
}
