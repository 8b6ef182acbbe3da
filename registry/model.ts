/**
 * The schema registry's records and the one store interface every part shares: the CLI and the
 * HTTP API write through it, every gateway instance reads the current supergraph from it (the
 * shared store is how instances converge), checks read the operations channel apps use from it.
 * SQLite by default (`.data/registry.sqlite`), PostgreSQL when DATABASE_URL is set.
 */
import type { PersistedOperation } from '../gateway/limits/safelist';

/** One published version of one department's subgraph schema. */
export interface SubgraphVersion {
  /** Department code (a name in gateway/departments.ts SUBGRAPHS), e.g. `health`. */
  department: string;
  /** 1, 2, 3… per department. */
  version: number;
  sdl: string;
  /** sha256 of `sdl`, lowercase hex. */
  sdlHash: string;
  /** Where the gateway reaches the subgraph (recorded in the supergraph; `<NAME>_SUBGRAPH_URL` still overrides). */
  url: string;
  /** Who published it: a token's `sub`/`client_id` over HTTP, `--as` or the OS user in the CLI. */
  publishedBy: string;
  /** ISO 8601 UTC. */
  publishedAt: string;
}

export type SupergraphAction = 'bootstrap' | 'publish' | 'rollback';

/** An explicit, recorded decision to land a change that breaks operations in use. */
export interface Override {
  by: string;
  reason: string;
  /** The operations it breaks, as `channel-or-client:OperationName` (what the check listed). */
  breaks: string[];
}

/** One composed supergraph; the highest version is the one every gateway serves. */
export interface SupergraphVersion {
  /** 1, 2, 3…; never reused, a rollback makes a new version with an older content. */
  version: number;
  sdl: string;
  sdlHash: string;
  /** The subgraph version of every department it was composed from. */
  members: { department: string; version: number }[];
  action: SupergraphAction;
  /** The department published (publish), or null. */
  department: string | null;
  /** For a rollback: the version whose content it restores. */
  restores: number | null;
  createdBy: string;
  createdAt: string;
  override: Override | null;
}

/** A new subgraph version to store (the store numbers it and stamps the time). */
export interface NewSubgraph {
  department: string;
  sdl: string;
  url: string;
}

/** Everything one publish, bootstrap or rollback writes, landed atomically or not at all. */
export interface CommitRequest {
  /**
   * The current supergraph version the change was checked against (null: the registry is empty).
   * When another commit landed first the store throws DataLayerError REGISTRY_CONFLICT.
   */
  expectedCurrent: number | null;
  /** New subgraph versions (a publish adds one, a bootstrap one per department, a rollback none). */
  add: NewSubgraph[];
  /** Existing subgraph versions the new supergraph keeps as they are. */
  keep: { department: string; version: number }[];
  supergraphSdl: string;
  action: SupergraphAction;
  by: string;
  department?: string;
  restores?: number;
  override?: Override;
  /**
   * The registered-operations revision the checks read: when a channel app registered operations
   * since (they were not checked against this change), the store throws REGISTRY_CONFLICT.
   */
  expectedOperationsRevision?: number;
  /**
   * The events that record this commit, written in its transaction: a change that landed always
   * has its record, and a record never tells of a change that did not land. `made` is the new version.
   */
  events?: (made: SupergraphVersion) => Omit<RegistryEvent, 'id' | 'at'>[];
}

/** An operation seen in live traffic, summed per (operation id, client). */
export interface OperationUsage {
  /** sha256 of the operation text, lowercase hex (as persisted operation ids). */
  id: string;
  /** Operation name, or null for an anonymous operation. */
  name: string | null;
  body: string;
  /** Who sent it: the channel (`counter`, `portal`, `terminal`, `app`) or a service token's client id. */
  client: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** Usage observed by one gateway since its last flush, added to the store's sums. */
export interface UsageSample {
  id: string;
  name: string | null;
  body: string;
  client: string;
  count: number;
  /** ISO 8601 UTC of the last time it was seen in this sample. */
  at: string;
}

/** A persisted operation a channel app registered (the safelist the gateway runs in safelist mode). */
export interface RegisteredOperation extends PersistedOperation {
  channel: string;
  registeredBy: string;
  registeredAt: string;
}

export type RegistryEventKind =
  'bootstrap' | 'publish' | 'override' | 'rollback' | 'refused' | 'register-operations';

/** The registry's own log: every publish, override, rollback and refusal, with who and why. */
export interface RegistryEvent {
  id: number;
  at: string;
  kind: RegistryEventKind;
  actor: string;
  department: string | null;
  /** The supergraph version it made, when it made one. */
  supergraphVersion: number | null;
  /** A short human sentence (what the CLI prints in `list --events`). */
  summary: string;
  /** The check report, error code, override reason…, as JSON. */
  details: unknown;
}

export interface RegistryStore {
  /** `sqlite` or `postgres`, for logs and /ready. */
  readonly kind: string;
  /** The current (highest) supergraph version number, or null when empty: cheap, gateways poll it. */
  currentVersion(): Promise<number | null>;
  current(): Promise<SupergraphVersion | null>;
  supergraph(version: number): Promise<SupergraphVersion | null>;
  /** Newest first. */
  supergraphs(limit?: number): Promise<SupergraphVersion[]>;
  /** A department's subgraph version, the one the current supergraph holds when `version` is omitted. */
  subgraph(department: string, version?: number): Promise<SubgraphVersion | null>;
  /** Every stored version, newest first, of one department or of all. */
  subgraphHistory(department?: string): Promise<SubgraphVersion[]>;
  /** Writes a commit atomically; throws REGISTRY_CONFLICT when `expectedCurrent` is no longer current. */
  commit(request: CommitRequest): Promise<SupergraphVersion>;
  appendEvent(event: Omit<RegistryEvent, 'id' | 'at'>): Promise<void>;
  /** Newest first. */
  events(limit?: number): Promise<RegistryEvent[]>;
  /** Adds gateways' samples to the usage sums (count added, lastSeen the latest). */
  recordUsage(samples: UsageSample[]): Promise<void>;
  /** Operations seen at or after `since` (ISO 8601). */
  usedOperations(since: string): Promise<OperationUsage[]>;
  /** Deletes the usage last seen before `before` (ISO 8601); answers how many (operation, client) sums went. */
  pruneUsage(before: string): Promise<number>;
  /** Replaces a channel's registered operations (an app release registers its whole manifest). */
  registerOperations(channel: string, operations: PersistedOperation[], by: string): Promise<void>;
  registeredOperations(channel?: string): Promise<RegisteredOperation[]>;
  /** Bumps whenever registered operations change, so gateways reload their safelist only then. */
  operationsRevision(): Promise<number>;
  close(): Promise<void>;
}
