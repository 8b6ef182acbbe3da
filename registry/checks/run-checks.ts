import { sdlHash } from '../sdl-hash';
import type { SubgraphSource } from '../../gateway/compose';
import type { SubgraphVersion, SupergraphVersion } from '../model';
import { apiSchemaOf } from './api-schema';
import { brokenOperations } from './broken-operations';
import { composeWith } from './composition';
import type { OperationInUse } from './operations-in-use';
import type { Owners } from './owners';
import { ownershipProblems } from './ownership';
import type { CheckReport } from './report';
import { schemaChanges } from './schema-changes';
import { schemaValidity } from './schema-validity';

/** Everything the checks of one candidate schema need, read from the store beforehand. */
export interface CheckInput {
  department: string;
  sdl: string;
  /** Where the gateway will reach the subgraph (recorded in the composed supergraph). */
  url: string;
  /** The current supergraph, or null when the registry is empty. */
  current: SupergraphVersion | null;
  /** The subgraph versions the current supergraph was composed from. */
  members: readonly SubgraphVersion[];
  operations: readonly OperationInUse[];
  owners: Owners;
}

/**
 * Runs checks 2 to 6 (schema validity, ownership, composition, changes, operations in use) and
 * reports every problem found together; ownership and composition run only when the SDL parses,
 * changes and operations only when it composes. Pure: reads and stores nothing.
 */
export function runChecks(input: CheckInput): CheckReport {
  const { department, sdl, url, current, members } = input;
  const mine = members.find((m) => m.department === department);
  const report: CheckReport = {
    department,
    ok: false,
    baseVersion: current?.version ?? null,
    // A new url with the same schema is a change too (the supergraph records where the subgraph is).
    unchanged:
      typeof sdl === 'string' && mine !== undefined && mine.sdlHash === sdlHash(sdl) && mine.url === url,
    problems: [],
    changes: [],
    brokenOperations: [],
    checkedOperations: 0,
    supergraphSdl: null,
  };
  const validity = schemaValidity(department, sdl);
  report.problems.push(...validity.problems);
  if (validity.document) {
    report.problems.push(...ownershipProblems(department, validity.document, members));
    const sources: SubgraphSource[] = members.map((m) => ({ name: m.department, url: m.url, sdl: m.sdl }));
    const composed = composeWith(sources, { name: department, url, sdl });
    report.problems.push(...composed.problems);
    report.supergraphSdl = composed.supergraphSdl;
  }
  if (report.supergraphSdl && current) {
    const before = apiSchemaOf(current.sdl);
    const after = apiSchemaOf(report.supergraphSdl);
    report.changes = schemaChanges(before, after);
    report.brokenOperations = brokenOperations(input.operations, before, after, input.owners);
    report.checkedOperations = input.operations.length;
  }
  report.ok = report.problems.length === 0 && report.brokenOperations.length === 0;
  return report;
}
