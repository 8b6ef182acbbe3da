import { unitContext, unitTrust } from '../kit/test-support';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { MemoryCache } from '../../adapters/kit/cache';
import type { SubgraphContext } from '../kit/context';
import { buildApollo, type SubgraphDefinition } from '../kit/subgraph';
import { buildBigDataCenterSubgraph, type BigDataCenterSubgraphOptions } from './server';

/** A whole GraphQL result; `data` typed loosely so tests can reach into it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Result = { data?: any; errors?: readonly GraphQLFormattedError[] };

export interface TestSubgraph {
  run(query: string, variables?: Record<string, unknown>): Promise<Result>;
  close(): Promise<void>;
}

/**
 * The subgraph over a library at `options.url` (the test starts the mock: product code
 * never imports mocks/), with a fresh in-process cache, queried through executeOperation
 * as a self-service terminal would.
 */
export async function startTestSubgraph(options: BigDataCenterSubgraphOptions): Promise<TestSubgraph> {
  const def: SubgraphDefinition = buildBigDataCenterSubgraph({ cache: new MemoryCache(), ...options });
  const apollo: ApolloServer<SubgraphContext> = buildApollo(def, unitTrust());
  await apollo.start();
  return {
    async run(query, variables = {}) {
      const res = await apollo.executeOperation(
        { query, variables },
        { contextValue: unitContext('terminal') },
      );
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      const { data, errors } = res.body.singleResult;
      return errors ? { data, errors } : { data };
    },
    async close() {
      await apollo.stop();
      await def.close?.();
    },
  };
}
