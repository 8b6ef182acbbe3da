import { MemoryCache, type Cache } from '../../adapters/kit/cache';
import { loadTypeDefs } from './load-schema';
import type { SubgraphDefinition } from './subgraph';

/** What a subgraph needs of its department's adapter. */
export interface LegacyAdapter {
  /** Is the legacy system reachable (GET /ready)? */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface AdapterSubgraphSpec<A extends LegacyAdapter> {
  /** Department code, e.g. `housing`. */
  name: string;
  /** The subgraph's folder (`__dirname`): its schema.graphql is read from there. */
  dir: string;
  /** Where the adapter caches legacy records; null for no cache. @default an in-process MemoryCache */
  cache?: Cache | null;
  adapter: (cache: Cache | undefined) => A;
  resolvers: (adapter: A) => unknown;
}

/**
 * The subgraph of a department that wraps one legacy system: its schema, resolvers over its
 * adapter, readiness from the legacy system, and a close that releases adapter and cache.
 */
export function adapterSubgraph<A extends LegacyAdapter>(
  spec: AdapterSubgraphSpec<A>,
): SubgraphDefinition & { adapter: A } {
  const cache = spec.cache === null ? undefined : (spec.cache ?? new MemoryCache());
  const adapter = spec.adapter(cache);
  return {
    name: spec.name,
    typeDefs: loadTypeDefs(spec.dir),
    resolvers: spec.resolvers(adapter),
    adapter,
    ready: () => adapter.ready(),
    close: async () => {
      await adapter.close();
      await cache?.close();
    },
  };
}
