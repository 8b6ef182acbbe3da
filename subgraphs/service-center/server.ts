import { loadTypeDefs } from '../kit/load-schema';
import type { SubgraphDefinition } from '../kit/subgraph';
import { createServiceCenterOperations } from './operations';
import { resolveServiceCenterOptions, type ServiceCenterSubgraphOptions } from './options';
import { createServiceCenterResolvers } from './resolvers';
import { openStore } from './store/open-store';
import type { Store } from './store/store';

export { serviceCenterSubgraphOptionsFromEnv } from './options';
export type { ServiceCenterSubgraphOptions } from './options';

export interface ServiceCenterSubgraph extends SubgraphDefinition {
  /**
   * The store, opened and migrated on first use, once. A failed attempt (database unreachable,
   * unknown migration) rejects and is tried again on the next use; index.ts calls it at start-up
   * so such a database stops the process instead.
   */
  store(): Promise<Store>;
}

/**
 * The service-center subgraph. Nothing touches the database until the first request (or
 * `store()`), so building it is synchronous like every other department's.
 */
export function buildServiceCenterSubgraph(
  options: ServiceCenterSubgraphOptions = {},
): ServiceCenterSubgraph {
  const o = resolveServiceCenterOptions(options);
  const injected = o.store;
  let opening: Promise<Store> | undefined;
  const store = (): Promise<Store> => {
    opening ??= (injected ? injected.migrate().then(() => injected) : openStore(o)).catch((e: unknown) => {
      opening = undefined;
      throw e;
    });
    return opening;
  };
  const ops = createServiceCenterOperations(store, o.maxBatchSize);
  return {
    name: 'service-center',
    typeDefs: loadTypeDefs(__dirname),
    resolvers: createServiceCenterResolvers(store, ops),
    store,
    ready: async () => {
      await (await store()).ping();
      return true;
    },
    close: async () => {
      // A store handed in belongs to whoever opened it.
      const opened = opening && !injected ? await opening.catch(() => undefined) : undefined;
      opening = undefined;
      await opened?.close();
    },
  };
}
