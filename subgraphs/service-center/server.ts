import { createBigDataCenterAdapter } from '../../adapters/big-data-center';
import { createCache } from '../../adapters/kit/cache';
import { loadTypeDefs } from '../kit/load-schema';
import type { SubgraphDefinition } from '../kit/subgraph';
import { systemClock } from './clock';
import type { CertificateLibrary } from './library';
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
   * unknown migration, malformed catalogue) rejects and is tried again on the next use; index.ts
   * calls it at start-up so such a database stops the process instead.
   */
  store(): Promise<Store>;
}

/**
 * The service-center subgraph. Nothing touches the database until the first request (or
 * `store()`), so building it is synchronous like every other department's. It reads and writes
 * the certificate library through its own big-data-center adapter.
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
  const ownLibrary: CertificateLibrary | undefined = o.library
    ? undefined
    : createBigDataCenterAdapter({
        ...o.bigDataCenter,
        cache: o.cache ?? o.bigDataCenter?.cache ?? createCache(),
      });
  const library = o.library ?? ownLibrary!;
  const ops = createServiceCenterOperations(store, o.maxBatchSize);
  return {
    name: 'service-center',
    typeDefs: loadTypeDefs(__dirname),
    resolvers: createServiceCenterResolvers({ store, ops, library, clock: o.now ?? systemClock }),
    store,
    // The library is not checked here: cases and the catalogue are served without it.
    ready: async () => {
      await (await store()).ping();
      return true;
    },
    close: async () => {
      // A store or library handed in belongs to whoever made it.
      const opened = opening && !injected ? await opening.catch(() => undefined) : undefined;
      opening = undefined;
      await Promise.all([opened?.close(), ownLibrary?.close?.()]);
    },
  };
}
