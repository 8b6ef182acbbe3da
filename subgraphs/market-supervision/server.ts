import {
  createMarketSupervisionAdapter,
  fromEnv,
  type MarketSupervisionAdapterOptions,
} from '../../adapters/market-supervision';
import { cacheFromEnv, MemoryCache } from '../../adapters/kit/cache';
import { loadTypeDefs } from '../kit/load-schema';
import type { SubgraphDefinition } from '../kit/subgraph';
import { createResolvers } from './resolvers';

/** The adapter options, `cache` included (in-process when absent). The subgraph closes the cache on close. */
export type MarketSupervisionSubgraphOptions = MarketSupervisionAdapterOptions;

/** Builds the market-supervision subgraph: Company, its licences, and Person.companies. */
export function buildMarketSupervisionSubgraph(
  options: MarketSupervisionSubgraphOptions = {},
): SubgraphDefinition {
  const cache = options.cache ?? new MemoryCache();
  const adapter = createMarketSupervisionAdapter({ ...options, cache });
  return {
    name: 'market-supervision',
    typeDefs: loadTypeDefs(__dirname),
    resolvers: createResolvers(adapter),
    ready: () => adapter.ready(),
    close: async () => {
      await adapter.close();
      await cache.close();
    },
  };
}

/** Subgraph options from the environment: the MARKET_SUPERVISION_ adapter variables, and REDIS_URL for the cache. */
export function marketSupervisionSubgraphOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): MarketSupervisionSubgraphOptions {
  return {
    ...fromEnv(env),
    cache: cacheFromEnv(env),
  };
}
