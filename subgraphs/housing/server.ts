import {
  createHousingAdapter,
  housingOptionsFromEnv,
  type HousingAdapterOptions,
} from '../../adapters/housing';
import { cacheFromEnv, createCache, type Cache } from '../../adapters/kit/cache';
import { loadTypeDefs } from '../kit/load-schema';
import type { SubgraphDefinition } from '../kit/subgraph';
import { buildResolvers } from './resolvers';

export interface HousingSubgraphOptions extends HousingAdapterOptions {
  /** Where property records are cached. @default an in-process cache */
  cache?: Cache;
}

/** The Real Estate Registration subgraph: `Person.properties`, `Company.properties`, `propertyByCertificateNumber`. */
export function buildHousingSubgraph(options: HousingSubgraphOptions = {}): SubgraphDefinition {
  const cache = options.cache ?? createCache();
  const adapter = createHousingAdapter({ ...options, cache });
  return {
    name: 'housing',
    typeDefs: loadTypeDefs(__dirname),
    resolvers: buildResolvers(adapter),
    ready: () => adapter.ready(),
    close: async () => {
      await adapter.close();
      await cache.close();
    },
  };
}

/** Options from the environment: the adapter's HOUSING_* variables and REDIS_URL for the cache. */
export function housingSubgraphOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): HousingSubgraphOptions {
  return { ...housingOptionsFromEnv(env), cache: cacheFromEnv(env) };
}
