import { DataLayerError, isDataLayerError } from '../../adapters/kit/errors';
import type { RegistryStore } from '../model';
import { RegistryArgumentError } from './argument-error';

/**
 * The store as the registry's users see it: a failure of the database itself (server gone, disk
 * full, file locked past its busy timeout) is REGISTRY_UNAVAILABLE naming the engine, instead of
 * a raw pg or SQLite error the HTTP API could only answer as INTERNAL. The store's own typed
 * errors (REGISTRY_CONFLICT, VERSION_NOT_FOUND…) and its checks of a caller's arguments
 * (RegistryArgumentError) pass as they are.
 */
export function unavailableOnFailure(store: RegistryStore): RegistryStore {
  // Not `instanceof Error`: a native driver's errors may come from another realm (as under Jest).
  const wrap = (e: unknown): unknown =>
    isDataLayerError(e) || e instanceof RegistryArgumentError
      ? e
      : new DataLayerError(
          'REGISTRY_UNAVAILABLE',
          `schema registry (${store.kind}): ${(e as { message?: unknown })?.message ?? String(e)}`,
          { cause: e },
        );
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result instanceof Promise ? result.catch((e: unknown) => Promise.reject(wrap(e))) : result;
        } catch (e) {
          throw wrap(e);
        }
      };
    },
  });
}
