import { createHealthAdapter, fromEnv, type HealthAdapterOptions } from '../../adapters/health';
import { cacheFromEnv, createCache, type Cache } from '../../adapters/kit/cache';
import { loadTypeDefs } from '../kit/load-schema';
import type { SubgraphDefinition } from '../kit/subgraph';
import { healthResolvers } from './resolvers';

export interface HealthSubgraphOptions extends HealthAdapterOptions {
  /** Where the adapter caches documents. @default an in-process MemoryCache, closed with the subgraph */
  cache?: Cache;
}

/** The health subgraph: Person and Company fields from the Health Commission's FHIR server. */
export function buildHealthSubgraph(options: HealthSubgraphOptions = {}): SubgraphDefinition {
  const ownCache = options.cache === undefined ? createCache() : undefined;
  const adapter = createHealthAdapter({ ...options, cache: options.cache ?? ownCache });
  return {
    name: 'health',
    typeDefs: loadTypeDefs(__dirname),
    resolvers: healthResolvers(adapter),
    ready: () => adapter.ready(),
    close: async () => {
      await adapter.close();
      await ownCache?.close();
    },
  };
}

/** Options from the environment: the HEALTH_* adapter variables, and Redis as the cache when REDIS_URL is set. */
export function healthSubgraphOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): HealthSubgraphOptions {
  return {
    ...fromEnv(env),
    cache: cacheFromEnv(env),
  };
}
