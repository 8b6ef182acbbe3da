import { RegistryArgumentError } from './argument-error';
import { DataLayerError } from '../../adapters/kit/errors';
import type { CommitRequest, SupergraphAction } from '../model';

const ACTIONS: readonly SupergraphAction[] = ['bootstrap', 'publish', 'rollback'];

function positiveInteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 1;
}

/**
 * Checks a commit's shape before anything is written: these are the calling code's mistakes (the
 * service builds every request), so they are plain Errors naming what is wrong. A department in
 * both `add` and `keep`, or twice, would give a supergraph two versions of one subgraph; a commit
 * with no subgraph at all would serve an empty graph.
 */
export function checkCommitRequest(request: CommitRequest): void {
  const r = request.expectedOperationsRevision;
  if (r !== undefined && !(Number.isInteger(r) && r >= 0))
    throw new RegistryArgumentError(
      `commit: expectedOperationsRevision must be a whole number: ${String(r)}`,
    );
  if (request.events !== undefined && typeof request.events !== 'function')
    throw new RegistryArgumentError('commit: events must be a function of the version made');
  const e = request.expectedCurrent;
  if (e !== null && !positiveInteger(e))
    throw new RegistryArgumentError(`commit: expectedCurrent must be null or a version number: ${String(e)}`);
  if (!Array.isArray(request.add) || !Array.isArray(request.keep))
    throw new RegistryArgumentError('commit: add and keep must be arrays');
  if (!ACTIONS.includes(request.action))
    throw new RegistryArgumentError(
      `commit: action must be one of ${ACTIONS.join(', ')}: ${String(request.action)}`,
    );
  if (typeof request.supergraphSdl !== 'string' || request.supergraphSdl === '')
    throw new RegistryArgumentError('commit: supergraphSdl must be a non-empty string');
  if (typeof request.by !== 'string' || request.by === '')
    throw new RegistryArgumentError('commit: by must be a non-empty string');
  if (request.restores !== undefined && !positiveInteger(request.restores))
    throw new RegistryArgumentError(`commit: restores must be a version number: ${String(request.restores)}`);
  const seen = new Set<string>();
  const once = (department: unknown, where: string) => {
    if (typeof department !== 'string' || department === '')
      throw new RegistryArgumentError(`commit: every ${where} entry needs a department`);
    if (seen.has(department))
      throw new RegistryArgumentError(
        `commit: department ${department} appears more than once in add and keep`,
      );
    seen.add(department);
  };
  for (const a of request.add) {
    once(a.department, 'add');
    if (typeof a.sdl !== 'string' || a.sdl === '')
      throw new RegistryArgumentError(`commit: the sdl of ${a.department} must be a non-empty string`);
    if (typeof a.url !== 'string' || a.url === '')
      throw new RegistryArgumentError(`commit: the url of ${a.department} must be a non-empty string`);
  }
  for (const k of request.keep) {
    once(k.department, 'keep');
    if (!positiveInteger(k.version))
      throw new RegistryArgumentError(
        `commit: keep ${k.department} needs a version number: ${String(k.version)}`,
      );
  }
  if (seen.size === 0)
    throw new RegistryArgumentError('commit: a supergraph needs at least one subgraph (add or keep)');
}

/** The error of a commit whose `expectedCurrent` is no longer the current version. */
export function conflict(current: number | null, expected: number | null): DataLayerError {
  const name = (v: number | null) => (v === null ? 'none (empty registry)' : `v${v}`);
  return new DataLayerError(
    'REGISTRY_CONFLICT',
    `the current supergraph is ${name(current)}, not ${name(expected)} as checked: another publish or rollback landed first`,
  );
}

/** The error of a commit checked against operations registered before others were. */
export function operationsConflict(current: number, expected: number): DataLayerError {
  return new DataLayerError(
    'REGISTRY_CONFLICT',
    `channel apps registered operations since the check (revision ${current}, not ${expected}): check again against them`,
  );
}

/** The error of a commit that keeps a subgraph version the store does not hold. */
export function unknownSubgraphVersion(department: string, version: number): DataLayerError {
  return new DataLayerError(
    'VERSION_NOT_FOUND',
    `commit keeps ${department} v${version}, which is not stored`,
  );
}

/** The error of a rollback commit that restores a supergraph version the store does not hold. */
export function unknownSupergraphVersion(version: number): DataLayerError {
  return new DataLayerError(
    'VERSION_NOT_FOUND',
    `commit restores supergraph v${version}, which is not stored`,
  );
}

/** Members in the order every engine returns them: by department, byte order. */
export function byDepartment<T extends { department: string }>(a: T, b: T): number {
  return a.department < b.department ? -1 : a.department > b.department ? 1 : 0;
}
