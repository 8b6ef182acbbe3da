/**
 * What a check of one department's schema finds, the same for `npm run subgraph -- check`, a
 * publish, and the HTTP API. A publish lands only when `problems` is empty and no operation in use
 * breaks (or an explicit override names the ones that do).
 */
import { DataLayerError } from '../../adapters/kit/errors';

/** A reason the schema cannot land at all (no override lands it). */
export interface SchemaProblem {
  code: 'SCHEMA_INVALID' | 'TYPE_NOT_OWNED' | 'COMPOSITION_FAILED';
  /** The subgraph the reason comes from (composition errors can name another department's). */
  subgraph: string;
  message: string;
}

/** One change against the current supergraph's API schema (graphql-js findBreakingChanges / findDangerousChanges). */
export interface SchemaChange {
  severity: 'breaking' | 'dangerous';
  /** graphql-js's change type, e.g. FIELD_REMOVED. */
  type: string;
  description: string;
}

/** An operation in use that would no longer validate against the new supergraph. */
export interface BrokenOperation {
  /** sha256 of the operation text. */
  id: string;
  name: string | null;
  /** `registered`: a channel app's persisted operation; `traffic`: seen in live traffic within the window. */
  source: 'registered' | 'traffic';
  /** The channel (`counter`, `portal`, `terminal`, `app`) or the client id that uses it. */
  client: string;
  /** Who to talk to: the team that owns the channel app or client (registry/channel-owners.json). */
  owner: string;
  /** The validation errors against the new supergraph. */
  errors: string[];
}

export interface CheckReport {
  department: string;
  /** True when the change can land without an override. */
  ok: boolean;
  /** The current supergraph version it was checked against (null: empty registry). */
  baseVersion: number | null;
  /** True when the schema is byte-for-byte the current one (a publish then changes nothing). */
  unchanged: boolean;
  problems: SchemaProblem[];
  changes: SchemaChange[];
  brokenOperations: BrokenOperation[];
  /** How many operations in use were checked (registered + seen in traffic, each once). */
  checkedOperations: number;
  /** The composed supergraph when it composes, else null. */
  supergraphSdl: string | null;
}

/** `channel:Name` as an override lists the operations it breaks. */
export function brokenOperationLabel(o: BrokenOperation): string {
  return `${o.client}:${o.name ?? o.id.slice(0, 12)}`;
}

/**
 * A publish the checks refused: the code of the first reason (SCHEMA_INVALID, TYPE_NOT_OWNED,
 * COMPOSITION_FAILED, OPERATIONS_WOULD_BREAK), a message that lists every reason, and the whole report.
 */
export class RegistryRefusal extends DataLayerError {
  constructor(
    code: 'SCHEMA_INVALID' | 'TYPE_NOT_OWNED' | 'COMPOSITION_FAILED' | 'OPERATIONS_WOULD_BREAK',
    message: string,
    readonly report: CheckReport,
  ) {
    super(code, message);
    this.name = 'RegistryRefusal';
  }
}
