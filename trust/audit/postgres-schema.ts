/** The schema the audit tables live in when none is given. @default 'audit' */
export const DEFAULT_AUDIT_PG_SCHEMA = 'audit';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checks a schema name (it is spliced into DDL and statements, never taken from a request). */
export function checkSchemaName(schema: string): string {
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema))
    throw new Error(`pgSchema must be a lowercase SQL identifier ([a-z_][a-z0-9_]*): ${String(schema)}`);
  return schema;
}

/**
 * The PostgreSQL tables, as SQLite's (sqlite-schema.ts) plus an identity column that keeps the
 * insertion order (readChain pages by seq, then id, so a second row claiming a seq shows up).
 * `writer` and `time` use the "C" collation: compared byte by byte, so newest-first order and
 * the `after` cursor agree with SQLite's and the in-memory store's whatever the database's
 * locale. Run in one transaction under an advisory lock: processes starting together take turns.
 *
 * Append-only defence: one trigger function raises on UPDATE, DELETE or TRUNCATE of either table.
 * A role that owns the tables can still drop the triggers; production grants writers INSERT and
 * SELECT only (README), and the hash chain catches the rest.
 */
export function postgresSchema(schema: string): string {
  const s = `"${checkSchemaName(schema)}"`;
  const triggers = (['audit_records', 'audit_checkpoints'] as const)
    .map(
      (table) => `
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = '${s}.${table}'::regclass AND tgname = '${table}_append_only') THEN
    CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${s}.${table}
      FOR EACH ROW EXECUTE FUNCTION ${s}.audit_append_only();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = '${s}.${table}'::regclass AND tgname = '${table}_no_truncate') THEN
    CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${s}.${table}
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_append_only();
  END IF;
END $$;`,
    )
    .join('\n');
  return /* SQL */ `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.audit_records (
  id bigint GENERATED ALWAYS AS IDENTITY,
  writer text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  time text COLLATE "C" NOT NULL,
  trace_id text NOT NULL,
  kind text NOT NULL,
  actor text NOT NULL,
  role text NOT NULL,
  channel text NOT NULL,
  purpose text,
  case_id text,
  department text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  subject text,
  fields text NOT NULL,
  outcome text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (writer, seq)
);
CREATE INDEX IF NOT EXISTS audit_records_subject ON ${s}.audit_records (subject, time);
CREATE INDEX IF NOT EXISTS audit_records_entity ON ${s}.audit_records (entity_type, entity_id, time);
CREATE INDEX IF NOT EXISTS audit_records_actor ON ${s}.audit_records (actor, time);
CREATE INDEX IF NOT EXISTS audit_records_trace ON ${s}.audit_records (trace_id);
CREATE INDEX IF NOT EXISTS audit_records_case ON ${s}.audit_records (case_id, time);
CREATE INDEX IF NOT EXISTS audit_records_time ON ${s}.audit_records (time, writer, seq);

CREATE TABLE IF NOT EXISTS ${s}.audit_checkpoints (
  id bigint GENERATED ALWAYS AS IDENTITY,
  writer text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  hash text NOT NULL,
  time text NOT NULL,
  kid text NOT NULL,
  signature text NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_checkpoints_writer ON ${s}.audit_checkpoints (writer, seq);

CREATE OR REPLACE FUNCTION ${s}.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
${triggers}
`;
}
