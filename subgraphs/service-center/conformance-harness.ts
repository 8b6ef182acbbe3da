import { unitContext, unitTrust } from '../kit/test-support';
/// <reference types="jest" />
import { MemoryCache } from '../../adapters/kit/cache';
import { buildApollo } from '../kit/subgraph';
import type { Catalogue } from './catalogue/catalogue';
import { buildServiceCenterSubgraph, type ServiceCenterSubgraph } from './server';
import type { ConformanceTarget } from './service-center.conformance';
import type { Store } from './store/store';

/** 2026-11-26 10:00 in the district: the day the golden data was written for. */
export const NOW = new Date('2026-11-26T02:00:00Z');

/** The tables a case is written to: a refused write leaves each count as it was. */
export const CASE_TABLES = ['cases', 'case_materials', 'case_events', 'case_sequences'] as const;

/**
 * The Big Data Center's certificate library mock as the conformance suites use it; the engine's
 * test file starts the real one (product code, this file included, never imports mocks/).
 */
export interface LibraryMock {
  url: string;
  controller: {
    stats(): {
      requests: number;
      byOperation: Record<string, number>;
      keysByOperation: Record<string, number>;
    };
    set(faults: { errorRate?: number }): void;
    clear(): void;
    resetCounts(): void;
  };
  close(): Promise<void>;
}

export interface Harness {
  store: Store;
  def: ServiceCenterSubgraph;
  /** The Big Data Center's certificate library, in process, holding the mock world (50 people + golden). */
  library: LibraryMock;
  /**
   * The cache the service centre's library adapter uses; an adapter built on it stands for the
   * big-data-center subgraph sharing the service centre's Redis.
   */
  cache: MemoryCache;
  /** Runs an operation as a request from `channel` (the gateway's x-channel); the whole { data, errors }. */
  run(
    query: string,
    variables?: Record<string, unknown>,
    channel?: string,
  ): Promise<{ data?: unknown; errors?: readonly unknown[] }>;
  counts(): Promise<Record<string, number>>;
}

/**
 * A fresh database with the service-center subgraph on it and a fresh certificate library mock
 * (its issued certificates live in memory), for one describe block; torn down after it.
 */
export function useHarness(
  target: ConformanceTarget,
  options: { catalogue?: Catalogue } = {},
): () => Harness {
  let h: Harness | undefined;
  let database: string;
  beforeAll(async () => {
    database = await target.newDatabase();
    const store = target.storeFor(database, undefined, options.catalogue);
    const library = await target.startLibrary();
    const cache = new MemoryCache();
    const def = buildServiceCenterSubgraph({
      store,
      bigDataCenter: { url: library.url },
      cache,
      now: () => NOW,
    });
    await def.store();
    const apollo = buildApollo(def, unitTrust());
    h = {
      store,
      def,
      library,
      cache,
      run: async (query, variables, channel = 'counter') => {
        const response = await apollo.executeOperation(
          { query, variables },
          { contextValue: unitContext(channel) },
        );
        if (response.body.kind !== 'single') throw new Error('expected a single result');
        const { data, errors } = response.body.singleResult;
        return errors ? { data, errors } : { data };
      },
      counts: () => target.rowCounts(database, CASE_TABLES),
    };
  });
  afterAll(async () => {
    await h?.def.close?.();
    await h?.store.close();
    await h?.library.close();
  });
  return () => {
    if (!h) throw new Error('the harness is set up in beforeAll');
    return h;
  };
}
