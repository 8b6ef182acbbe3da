import { RegistryArgumentError } from './argument-error';
import type { PersistedOperation } from '../../gateway/limits/safelist';

const TYPES: readonly PersistedOperation['type'][] = ['query', 'mutation', 'subscription'];

/**
 * Checks a channel's manifest before it replaces the stored one (a bad one replaces nothing). The
 * service validates operations against the supergraph; this only keeps the rows well formed: one
 * row per (channel, id), so an id listed twice is refused rather than silently kept once.
 */
export function checkOperations(channel: string, operations: PersistedOperation[], by: string): void {
  if (typeof channel !== 'string' || channel === '')
    throw new RegistryArgumentError('registerOperations: channel must be a non-empty string');
  if (typeof by !== 'string' || by === '')
    throw new RegistryArgumentError('registerOperations: by must be a non-empty string');
  if (!Array.isArray(operations))
    throw new RegistryArgumentError('registerOperations: operations must be an array');
  const ids = new Set<string>();
  operations.forEach((o, i) => {
    const where = `registerOperations: ${channel} operation ${i}`;
    if (typeof o?.id !== 'string' || o.id === '')
      throw new RegistryArgumentError(`${where}: id must be a non-empty string`);
    if (typeof o.name !== 'string') throw new RegistryArgumentError(`${where}: name must be a string`);
    if (typeof o.body !== 'string' || o.body === '')
      throw new RegistryArgumentError(`${where}: body must be a non-empty string`);
    if (!TYPES.includes(o.type))
      throw new RegistryArgumentError(`${where}: type must be one of ${TYPES.join(', ')}: ${String(o.type)}`);
    if (ids.has(o.id)) throw new RegistryArgumentError(`${where}: id ${o.id} is listed twice`);
    ids.add(o.id);
  });
}
