import { adapterSubgraph } from '../kit/adapter-subgraph';
import {
  createMarketSupervisionAdapter,
  fromEnv,
  type MarketSupervisionAdapterOptions,
} from '../../adapters/market-supervision';
import { cacheFromEnv } from '../../adapters/kit/cache';
import type { SubgraphDefinition } from '../kit/subgraph';
import { createResolvers } from './resolvers';

/** The adapter options, `cache` included (in-process when absent). The subgraph closes the cache on close. */
export type MarketSupervisionSubgraphOptions = MarketSupervisionAdapterOptions;

/** Builds the market-supervision subgraph: Company, its licences, and Person.companies. */
export function buildMarketSupervisionSubgraph(
  options: MarketSupervisionSubgraphOptions = {},
): SubgraphDefinition {
  return adapterSubgraph({
    name: 'market-supervision',
    dir: __dirname,
    cache: options.cache,
    adapter: (cache) => createMarketSupervisionAdapter({ ...options, cache }),
    resolvers: (adapter) => createResolvers(adapter),
  });
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
