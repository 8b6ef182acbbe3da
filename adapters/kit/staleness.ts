import { AsyncLocalStorage } from 'node:async_hooks';

/** A record served from the cache after its legacy system failed: what the response must say. */
export interface StaleMark {
  department: string;
  operation: string;
  /** Age of the record, in whole seconds. */
  ageSeconds: number;
  /** The error code the legacy call failed with. */
  cause: string;
}

const scope = new AsyncLocalStorage<StaleMark[]>();

/**
 * Runs `fn` (one GraphQL field's resolver) collecting the stale serves it causes. The
 * subgraph kit wraps resolvers in it, so a mark can name the field it belongs to while
 * adapters stay ignorant of GraphQL.
 */
export async function collectStaleness<T>(
  fn: () => T | Promise<T>,
): Promise<{ value: T; marks: StaleMark[] }> {
  const marks: StaleMark[] = [];
  const value = await scope.run(marks, fn);
  return { value, marks };
}

/** Called by LegacyOperation when it served a stale record to the current resolver. */
export function noteStale(mark: StaleMark): void {
  scope.getStore()?.push(mark);
}
