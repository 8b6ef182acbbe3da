import { adapterSubgraph } from '../kit/adapter-subgraph';
import { cacheFromEnv, type Cache } from '../../adapters/kit/cache';
import {
  createPublicSecurityAdapter,
  fromEnv,
  type PublicSecurityAdapterOptions,
} from '../../adapters/public-security';
import type { SubgraphDefinition } from '../kit/subgraph';
import { buildResolvers } from './resolvers';

export interface PublicSecuritySubgraphOptions extends PublicSecurityAdapterOptions {
  /** Where person records are cached; the subgraph owns it and closes it. @default an in-process MemoryCache */
  cache?: Cache;
}

/** The public-security subgraph: the `Person` core (identity, documents, household, family links). */
export function buildPublicSecuritySubgraph(options: PublicSecuritySubgraphOptions = {}): SubgraphDefinition {
  return adapterSubgraph({
    name: 'public-security',
    dir: __dirname,
    cache: options.cache,
    adapter: (cache) => createPublicSecurityAdapter({ ...options, cache }),
    resolvers: (adapter) => buildResolvers(adapter),
  });
}

/** Options from the environment: the adapter's PUBLIC_SECURITY_* variables, and REDIS_URL (REDIS_CLUSTER=1) for the cache. */
export function publicSecuritySubgraphOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): PublicSecuritySubgraphOptions {
  return {
    ...fromEnv(env),
    cache: cacheFromEnv(env),
  };
}
