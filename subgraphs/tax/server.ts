import { adapterSubgraph } from '../kit/adapter-subgraph';
import { cacheFromEnv } from '../../adapters/kit/cache';
import { createTaxAdapter, fromEnv, type TaxAdapter, type TaxAdapterOptions } from '../../adapters/tax';
import type { SubgraphDefinition } from '../kit/subgraph';
import { taxResolvers } from './resolvers';

/** The tax subgraph's options: the adapter's (database URL, timeouts, batch size, `cache`). */
export type TaxSubgraphOptions = TaxAdapterOptions;

/** The built subgraph, with its adapter so tests and health checks can read its counters. */
export interface TaxSubgraph extends SubgraphDefinition {
  adapter: TaxAdapter;
}

/** Builds the Taxation Bureau subgraph over its adapter. */
export function buildTaxSubgraph(options: TaxSubgraphOptions = {}): TaxSubgraph {
  return adapterSubgraph({
    name: 'tax',
    dir: __dirname,
    // No cache unless one is given (taxSubgraphOptionsFromEnv gives the environment's): tests count every query.
    cache: options.cache ?? null,
    adapter: (cache) => createTaxAdapter({ ...options, cache }),
    resolvers: (adapter) => taxResolvers(adapter),
  });
}

/** Options from the environment: the adapter's (TAX_URL, MARIADB_URL, TAX_SQLITE_PATH...) and the cache (REDIS_URL). */
export function taxSubgraphOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TaxSubgraphOptions {
  return {
    ...fromEnv(env),
    cache: cacheFromEnv(env),
  };
}
