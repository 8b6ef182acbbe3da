import { createHash } from 'node:crypto';
import { DataLayerError } from '../../../adapters/kit/errors';
import { IdempotencyKeyTaken, type NewCase } from '../store/case-writes';
import type { Store } from '../store/store';

const KEY = /^[A-Za-z0-9._:-]{8,64}$/;

/** The client's idempotency key: 8 to 64 characters [A-Za-z0-9._:-] (a UUID fits). */
export function parseIdempotencyKey(raw: string): string {
  if (typeof raw === 'string' && KEY.test(raw)) return raw;
  throw new DataLayerError(
    'INVALID_IDEMPOTENCY_KEY',
    `idempotencyKey must be 8 to 64 characters [A-Za-z0-9._:-]: ${JSON.stringify(raw)}`,
    { department: 'service-center' },
  );
}

/** JSON with object keys sorted, so one request always hashes the same whatever the field order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** sha256 of the request as validated (ids canonical, materials in a fixed order). */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonical(request)).digest('hex');
}

export function idempotencyConflict(key: string): DataLayerError {
  return new DataLayerError(
    'IDEMPOTENCY_CONFLICT',
    `idempotency key ${key} was already used for a different request: the first case stands; use a new key for a new request`,
    { department: 'service-center' },
  );
}

/**
 * Writes the case once per idempotency key. When a retry raced the original, whichever wrote
 * first stands and the other answers with it: `replay` gets the winner (and refuses it with
 * IDEMPOTENCY_CONFLICT when it was a different request). Returns the new case's id, or the replay.
 */
export async function createCaseOnce<R>(
  store: Store,
  c: NewCase,
  replay: (winner: { id: string; requestHash: string }) => Promise<R>,
): Promise<{ id: string } | { replayed: R }> {
  try {
    return { id: await store.createCase(c) };
  } catch (e) {
    if (!(e instanceof IdempotencyKeyTaken)) throw e;
    const winner = await store.caseByIdempotencyKey(c.idempotencyKey);
    if (!winner) throw e;
    return { replayed: await replay(winner) };
  }
}
