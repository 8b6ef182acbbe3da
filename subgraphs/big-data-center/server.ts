import {
  createBigDataCenterAdapter,
  fromEnv,
  type BigDataCenterAdapterOptions,
} from '../../adapters/big-data-center';
import { cacheFromEnv, type Cache } from '../../adapters/kit/cache';
import { loadTypeDefs } from '../kit/load-schema';
import type { SubgraphDefinition } from '../kit/subgraph';
import { createResolvers } from './resolvers';

export interface BigDataCenterSubgraphOptions extends BigDataCenterAdapterOptions {
  /** Where certificates are cached. @default cacheFromEnv(): Redis when REDIS_URL is set, else in-process */
  cache?: Cache;
}

/**
 * The big-data-center subgraph: Certificate (with verification and printable copies), the
 * certificates of every Person and Company, and the Suishenma digital ID.
 */
export function buildBigDataCenterSubgraph(options: BigDataCenterSubgraphOptions = {}): SubgraphDefinition {
  const ownCache = options.cache === undefined ? cacheFromEnv() : undefined;
  const adapter = createBigDataCenterAdapter({ ...options, cache: options.cache ?? ownCache });
  return {
    name: 'big-data-center',
    typeDefs: loadTypeDefs(__dirname),
    resolvers: createResolvers(adapter, options.now),
    ready: () => adapter.ready(),
    close: async () => {
      await adapter.close();
      await ownCache?.close();
    },
  };
}

/** Options from the environment: the adapter's BIG_DATA_CENTER_* variables and REDIS_URL for the cache. */
export function bigDataCenterSubgraphOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): BigDataCenterSubgraphOptions {
  return { ...fromEnv(env), cache: cacheFromEnv(env) };
}
