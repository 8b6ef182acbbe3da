/** The schema the registry's tables live in when none is given. @default 'registry' */
export const DEFAULT_REGISTRY_PG_SCHEMA = 'registry';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checks a schema name: it is spliced into DDL and statements (from config, never from a request). */
export function checkRegistrySchemaName(schema: string): string {
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema))
    throw new Error(
      `registry schema must be a lowercase SQL identifier ([a-z_][a-z0-9_]*): ${String(schema)}`,
    );
  return schema;
}

/**
 * The registry's PostgreSQL tables, the SQLite ones (sqlite-schema.ts) without the prefix, inside
 * their own schema: times are timestamptz, event details and overrides jsonb. Names, departments,
 * channels and ids use the "C" collation so lists sort byte by byte, as on SQLite, whatever the
 * database's locale. Run in one transaction under an advisory lock, so processes starting together
 * take turns instead of failing on each other's CREATE.
 *
 * `head` is one row: the revision of the registered operations, and the row every commit locks
 * (SELECT … FOR UPDATE) before reading the current version, so two commits take turns.
 */
export function postgresSchema(schema: string): string {
  const s = `"${checkRegistrySchemaName(schema)}"`;
  return /* SQL */ `
CREATE SCHEMA IF NOT EXISTS ${s};

CREATE TABLE IF NOT EXISTS ${s}.subgraph_versions (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  department text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  sdl text NOT NULL,
  sdl_hash text NOT NULL,
  url text NOT NULL,
  published_by text NOT NULL,
  published_at timestamptz NOT NULL,
  UNIQUE (department, version)
);

CREATE TABLE IF NOT EXISTS ${s}.supergraph_versions (
  version integer PRIMARY KEY,
  sdl text NOT NULL,
  sdl_hash text NOT NULL,
  action text NOT NULL CHECK (action IN ('bootstrap', 'publish', 'rollback')),
  department text COLLATE "C",
  restores integer REFERENCES ${s}.supergraph_versions (version),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  override jsonb
);

CREATE TABLE IF NOT EXISTS ${s}.supergraph_members (
  supergraph_version integer NOT NULL REFERENCES ${s}.supergraph_versions (version),
  department text COLLATE "C" NOT NULL,
  subgraph_version integer NOT NULL,
  PRIMARY KEY (supergraph_version, department),
  FOREIGN KEY (department, subgraph_version) REFERENCES ${s}.subgraph_versions (department, version)
);

CREATE TABLE IF NOT EXISTS ${s}.events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  actor text NOT NULL,
  department text,
  supergraph_version integer,
  summary text NOT NULL,
  details jsonb
);

CREATE TABLE IF NOT EXISTS ${s}.operation_usage (
  id text COLLATE "C" NOT NULL,
  client text COLLATE "C" NOT NULL,
  name text,
  body text NOT NULL,
  count bigint NOT NULL,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  PRIMARY KEY (id, client)
);
CREATE INDEX IF NOT EXISTS operation_usage_last_seen ON ${s}.operation_usage (last_seen);

CREATE TABLE IF NOT EXISTS ${s}.registered_operations (
  channel text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  type text NOT NULL,
  body text NOT NULL,
  registered_by text NOT NULL,
  registered_at timestamptz NOT NULL,
  PRIMARY KEY (channel, id)
);

CREATE TABLE IF NOT EXISTS ${s}.head (
  one integer PRIMARY KEY CHECK (one = 1),
  operations_revision bigint NOT NULL
);
INSERT INTO ${s}.head (one, operations_revision) VALUES (1, 0) ON CONFLICT (one) DO NOTHING;
`;
}
