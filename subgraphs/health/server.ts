import { adapterSubgraph } from '../kit/adapter-subgraph';
import { createHealthAdapter, fromEnv, type HealthAdapterOptions } from '../../adapters/health';
import { cacheFromEnv, type Cache } from '../../adapters/kit/cache';
import type { SubgraphDefinition } from '../kit/subgraph';
import { healthResolvers } from './resolvers';

export interface HealthSubgraphOptions extends HealthAdapterOptions {
  /** Where the adapter caches documents. @default an in-process MemoryCache, closed with the subgraph */
  cache?: Cache;
}

/** The health subgraph: Person and Company fields from the Health Commission's FHIR server. */
export function buildHealthSubgraph(options: HealthSubgraphOptions = {}): SubgraphDefinition {
  return adapterSubgraph({
    name: 'health',
    dir: __dirname,
    cache: options.cache,
    adapter: (cache) => createHealthAdapter({ ...options, cache }),
    resolvers: (adapter) => healthResolvers(adapter),
  });
}

/** Options from the environment: the HEALTH_* adapter variables, and Redis as the cache when REDIS_URL is set. */
export function healthSubgraphOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): HealthSubgraphOptions {
  return {
    ...fromEnv(env),
    cache: cacheFromEnv(env),
  };
}
