import type { Override, SubgraphVersion, SupergraphVersion } from '../model';

/**
 * The rows both stores read, and how they become records. The engines differ only in how a time
 * (SQLite: ISO text; PostgreSQL: a Date) and an override (SQLite: JSON text; PostgreSQL: jsonb)
 * come back, so each store passes its own `Time` and `Json` types and the two small conversions.
 */
export interface SubgraphRow<Time> {
  department: string;
  version: number;
  sdl: string;
  sdl_hash: string;
  url: string;
  published_by: string;
  published_at: Time;
}

export interface SupergraphRow<Time, Json> {
  version: number;
  sdl: string;
  sdl_hash: string;
  action: SupergraphVersion['action'];
  department: string | null;
  restores: number | null;
  created_by: string;
  created_at: Time;
  override: Json | null;
}

export interface MemberRow {
  supergraph_version: number;
  department: string;
  subgraph_version: number;
}

export interface RowConversions<Time, Json> {
  /** A stored time as ISO 8601 UTC. */
  time(t: Time): string;
  /** A stored override. */
  override(o: Json): Override;
}

export function toSubgraph<Time>(r: SubgraphRow<Time>, time: (t: Time) => string): SubgraphVersion {
  return {
    department: r.department,
    version: r.version,
    sdl: r.sdl,
    sdlHash: r.sdl_hash,
    url: r.url,
    publishedBy: r.published_by,
    publishedAt: time(r.published_at),
  };
}

/** Supergraph rows with their members (read in one query for all of them, ordered by version and department). */
export function toSupergraphs<Time, Json>(
  rows: readonly SupergraphRow<Time, Json>[],
  members: readonly MemberRow[],
  convert: RowConversions<Time, Json>,
): SupergraphVersion[] {
  const byVersion = new Map<number, { department: string; version: number }[]>();
  for (const m of members) {
    const list = byVersion.get(m.supergraph_version) ?? [];
    list.push({ department: m.department, version: m.subgraph_version });
    byVersion.set(m.supergraph_version, list);
  }
  return rows.map((r) => ({
    version: r.version,
    sdl: r.sdl,
    sdlHash: r.sdl_hash,
    members: byVersion.get(r.version) ?? [],
    action: r.action,
    department: r.department,
    restores: r.restores,
    createdBy: r.created_by,
    createdAt: convert.time(r.created_at),
    override: r.override === null ? null : convert.override(r.override),
  }));
}
