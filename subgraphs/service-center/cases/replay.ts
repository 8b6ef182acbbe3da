import type { CaseRecord } from '../model';
import type { Store } from '../store/store';
import { idempotencyConflict } from './idempotency';

/** A case just written or named by a key; it exists, so its absence is a bug, not a null. */
export async function readCase(store: Store, id: string): Promise<CaseRecord> {
  const [found] = await store.casesById([id]);
  if (!found) throw new Error(`case ${id} vanished after it was written`);
  return found;
}

/** A key seen before: the same request gets the first case back, another request is refused. */
export async function replayed(
  store: Store,
  prior: { id: string; requestHash: string },
  hash: string,
  key: string,
): Promise<{ case: CaseRecord; replayed: true }> {
  if (prior.requestHash !== hash) throw idempotencyConflict(key);
  return { case: await readCase(store, prior.id), replayed: true };
}
