import { adapterSubgraph } from '../kit/adapter-subgraph';
import {
  createHousingAdapter,
  housingOptionsFromEnv,
  type HousingAdapterOptions,
} from '../../adapters/housing';
import { cacheFromEnv, type Cache } from '../../adapters/kit/cache';
import type { SubgraphDefinition } from '../kit/subgraph';
import { buildResolvers } from './resolvers';

export interface HousingSubgraphOptions extends HousingAdapterOptions {
  /** Where property records are cached. @default an in-process cache */
  cache?: Cache;
}

/** The Real Estate Registration subgraph: `Person.properties`, `Company.properties`, `propertyByCertificateNumber`. */
export function buildHousingSubgraph(options: HousingSubgraphOptions = {}): SubgraphDefinition {
  return adapterSubgraph({
    name: 'housing',
    dir: __dirname,
    cache: options.cache,
    adapter: (cache) => createHousingAdapter({ ...options, cache }),
    resolvers: (adapter) => buildResolvers(adapter),
  });
}

/** Options from the environment: the adapter's HOUSING_* variables and REDIS_URL for the cache. */
export function housingSubgraphOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): HousingSubgraphOptions {
  return { ...housingOptionsFromEnv(env), cache: cacheFromEnv(env) };
}
