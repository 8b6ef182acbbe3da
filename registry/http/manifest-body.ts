import { DataLayerError } from '../../adapters/kit/errors';
import { checkManifest, type PersistedOperation } from '../../gateway/limits/safelist';

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,127}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const TYPES = ['query', 'mutation', 'subscription'];

/**
 * The operations of a manifest sent to `PUT /v1/operations/:channel`, checked as the gateway checks
 * its manifest files (safelist.ts checkManifest). Names, ids and types are checked first, so every
 * message that repeats them repeats only a GraphQL name or a hex id, never arbitrary input.
 * BAD_REQUEST naming the first operation that is wrong.
 */
export function manifestOperations(body: Record<string, unknown>): PersistedOperation[] {
  const operations = body.operations;
  if (Array.isArray(operations))
    operations.forEach((raw: unknown, i) => {
      const o = (raw ?? {}) as Record<string, unknown>;
      if (typeof o.name !== 'string' || !GRAPHQL_NAME.test(o.name))
        throw new DataLayerError(
          'BAD_REQUEST',
          `manifest: operations[${i}]: name must be a GraphQL operation name`,
        );
      if (typeof o.id !== 'string' || !SHA256_HEX.test(o.id))
        throw new DataLayerError(
          'BAD_REQUEST',
          `manifest: operations[${i}] (${o.name}): id must be the sha256 of the body, 64 lowercase hex digits`,
        );
      if (typeof o.type !== 'string' || !TYPES.includes(o.type))
        throw new DataLayerError(
          'BAD_REQUEST',
          `manifest: operations[${i}] (${o.name}): type must be query, mutation or subscription`,
        );
    });
  try {
    return checkManifest(body, 'manifest');
  } catch (e) {
    throw new DataLayerError('BAD_REQUEST', (e as Error).message);
  }
}
