/**
 * The SQLite tables, created idempotently by every writer at open (in one IMMEDIATE transaction,
 * so processes opening one file together take turns). Times are the drafts' own text
 * (toISOString() format), stored as given because the hash is over exactly that text.
 *
 * Indexes serve the auditors' filters (AuditQuery), each with time so a page comes off in order;
 * the time index carries writer and seq too, so the unfiltered newest-first page and the `after`
 * cursor read straight off it instead of sorting the table.
 *
 * Append-only defence: triggers abort any UPDATE or DELETE (and so a DELETE without WHERE,
 * SQLite's truncate) of either table. They stop mistakes and anyone using the store's SQL;
 * someone with write access to the file can drop them, which is what the hash chain and the
 * signed checkpoints are for.
 */
export const SQLITE_SCHEMA = /* SQL */ `
CREATE TABLE IF NOT EXISTS audit_records (
  writer TEXT NOT NULL,
  seq INTEGER NOT NULL,
  time TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  channel TEXT NOT NULL,
  purpose TEXT,
  case_id TEXT,
  department TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  subject TEXT,
  fields TEXT NOT NULL,
  outcome TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (writer, seq)
);
CREATE INDEX IF NOT EXISTS audit_records_subject ON audit_records (subject, time);
CREATE INDEX IF NOT EXISTS audit_records_entity ON audit_records (entity_type, entity_id, time);
CREATE INDEX IF NOT EXISTS audit_records_actor ON audit_records (actor, time);
CREATE INDEX IF NOT EXISTS audit_records_trace ON audit_records (trace_id);
CREATE INDEX IF NOT EXISTS audit_records_case ON audit_records (case_id, time);
CREATE INDEX IF NOT EXISTS audit_records_time ON audit_records (time, writer, seq);

CREATE TABLE IF NOT EXISTS audit_checkpoints (
  writer TEXT NOT NULL,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  time TEXT NOT NULL,
  kid TEXT NOT NULL,
  signature TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_checkpoints_writer ON audit_checkpoints (writer, seq);

CREATE TRIGGER IF NOT EXISTS audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit_records is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit_records is append-only: DELETE refused'); END;
CREATE TRIGGER IF NOT EXISTS audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only: DELETE refused'); END;
`;
