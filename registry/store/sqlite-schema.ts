/**
 * The registry's SQLite tables (prefix `registry_`, so one file can also hold other tables),
 * created idempotently at every open in one IMMEDIATE transaction: a CLI and gateways opening one
 * file together take turns. Times are ISO 8601 UTC text in toISOString form, so they sort and
 * compare as text. `seq` keeps insertion order (newest-first history, also within one bootstrap).
 *
 * `registry_head` is one row: the revision of the registered operations (gateways reload their
 * safelist only when it moves).
 */
export const SQLITE_SCHEMA = /* SQL */ `
CREATE TABLE IF NOT EXISTS registry_subgraph_versions (
  seq INTEGER PRIMARY KEY,
  department TEXT NOT NULL,
  version INTEGER NOT NULL,
  sdl TEXT NOT NULL,
  sdl_hash TEXT NOT NULL,
  url TEXT NOT NULL,
  published_by TEXT NOT NULL,
  published_at TEXT NOT NULL,
  UNIQUE (department, version)
);

CREATE TABLE IF NOT EXISTS registry_supergraph_versions (
  version INTEGER PRIMARY KEY,
  sdl TEXT NOT NULL,
  sdl_hash TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('bootstrap', 'publish', 'rollback')),
  department TEXT,
  restores INTEGER REFERENCES registry_supergraph_versions (version),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  override TEXT
);

CREATE TABLE IF NOT EXISTS registry_supergraph_members (
  supergraph_version INTEGER NOT NULL REFERENCES registry_supergraph_versions (version),
  department TEXT NOT NULL,
  subgraph_version INTEGER NOT NULL,
  PRIMARY KEY (supergraph_version, department),
  FOREIGN KEY (department, subgraph_version) REFERENCES registry_subgraph_versions (department, version)
);

CREATE TABLE IF NOT EXISTS registry_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  department TEXT,
  supergraph_version INTEGER,
  summary TEXT NOT NULL,
  details TEXT
);

CREATE TABLE IF NOT EXISTS registry_operation_usage (
  id TEXT NOT NULL,
  client TEXT NOT NULL,
  name TEXT,
  body TEXT NOT NULL,
  count INTEGER NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  PRIMARY KEY (id, client)
);
CREATE INDEX IF NOT EXISTS registry_operation_usage_last_seen ON registry_operation_usage (last_seen);

CREATE TABLE IF NOT EXISTS registry_registered_operations (
  channel TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  registered_by TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  PRIMARY KEY (channel, id)
);

CREATE TABLE IF NOT EXISTS registry_head (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  operations_revision INTEGER NOT NULL
);
INSERT OR IGNORE INTO registry_head (one, operations_revision) VALUES (1, 0);
`;
