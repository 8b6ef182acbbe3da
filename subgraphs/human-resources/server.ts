import { adapterSubgraph } from '../kit/adapter-subgraph';
import {
  createHumanResourcesAdapter,
  fromEnv,
  type HumanResourcesAdapterOptions,
} from '../../adapters/human-resources';
import { cacheFromEnv, type Cache } from '../../adapters/kit/cache';
import type { SubgraphDefinition } from '../kit/subgraph';
import { buildResolvers } from './resolvers';

export interface HumanResourcesSubgraphOptions extends HumanResourcesAdapterOptions {
  /** Where social security records are cached. @default an in-process cache */
  cache?: Cache;
}

/** The Human Resources and Social Security subgraph: `Person.socialSecurity`. */
export function buildHumanResourcesSubgraph(options: HumanResourcesSubgraphOptions = {}): SubgraphDefinition {
  return adapterSubgraph({
    name: 'human-resources',
    dir: __dirname,
    cache: options.cache,
    adapter: (cache) => createHumanResourcesAdapter({ ...options, cache }),
    resolvers: (adapter) => buildResolvers(adapter),
  });
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
