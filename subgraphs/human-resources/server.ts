import {
  createHumanResourcesAdapter,
  fromEnv,
  type HumanResourcesAdapterOptions,
} from '../../adapters/human-resources';
import { cacheFromEnv, createCache, type Cache } from '../../adapters/kit/cache';
import { loadTypeDefs } from '../kit/load-schema';
import type { SubgraphDefinition } from '../kit/subgraph';
import { buildResolvers } from './resolvers';

export interface HumanResourcesSubgraphOptions extends HumanResourcesAdapterOptions {
  /** Where social security records are cached. @default an in-process cache */
  cache?: Cache;
}

/** The Human Resources and Social Security subgraph: `Person.socialSecurity`. */
export function buildHumanResourcesSubgraph(options: HumanResourcesSubgraphOptions = {}): SubgraphDefinition {
  const cache = options.cache ?? createCache();
  const adapter = createHumanResourcesAdapter({ ...options, cache });
  return {
    name: 'human-resources',
    typeDefs: loadTypeDefs(__dirname),
    resolvers: buildResolvers(adapter),
    ready: () => adapter.ready(),
    close: async () => {
      await adapter.close();
      await cache.close();
    },
  };
}

/** Options from the environment: the adapter's HUMAN_RESOURCES_* variables and REDIS_URL for the cache. */
export function humanResourcesSubgraphOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): HumanResourcesSubgraphOptions {
  return {
    ...fromEnv(env),
    cache: cacheFromEnv(env),
  };
}
