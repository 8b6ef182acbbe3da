import { adapterSubgraph } from '../kit/adapter-subgraph';
import {
  createBigDataCenterAdapter,
  fromEnv,
  type BigDataCenterAdapterOptions,
} from '../../adapters/big-data-center';
import { cacheFromEnv, type Cache } from '../../adapters/kit/cache';
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
  return adapterSubgraph({
    name: 'big-data-center',
    dir: __dirname,
    cache: options.cache,
    adapter: (cache) => createBigDataCenterAdapter({ ...options, cache }),
    resolvers: (adapter) => createResolvers(adapter, options.now),
  });
}

/** Options from the environment: the adapter's BIG_DATA_CENTER_* variables and REDIS_URL for the cache. */
export function bigDataCenterSubgraphOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): BigDataCenterSubgraphOptions {
  return { ...fromEnv(env), cache: cacheFromEnv(env) };
}
