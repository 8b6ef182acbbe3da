import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLObjectType, responsePathAsArray, type GraphQLSchema } from 'graphql';
import { collectStaleness, type StaleMark } from '../../adapters/kit/staleness';
import type { SubgraphContext } from './context';

/** A field answered from the cache because its legacy system failed. */
export interface StaleField extends StaleMark {
  path: (string | number)[];
}

/**
 * Wraps every resolver the subgraph defines so that a record an adapter served stale is
 * tied to the field that asked for it (adapters know nothing about GraphQL paths).
 */
export function trackStaleness(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      field.resolve = async (source, args, context: SubgraphContext, info) => {
        const { value, marks } = await collectStaleness(() => resolve(source, args, context, info));
        if (marks.length) {
          const path = responsePathAsArray(info.path);
          for (const m of marks) (context.stale ??= []).push({ ...m, path });
        }
        return value;
      };
    }
  }
  return schema;
}

/**
 * Tells the client which fields are stale and how old: one STALE_DATA entry in `errors` per
 * field (errors are what a federation gateway carries from subgraphs to clients, with paths).
 */
export function stalenessPlugin(): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (!contextValue.stale?.length || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const seen = new Set<string>();
          const entries = [];
          for (const s of contextValue.stale) {
            const id = `${s.path.join('.')}|${s.department}|${s.operation}`;
            if (seen.has(id)) continue;
            seen.add(id);
            entries.push({
              message: `${s.department} could not answer (${s.cause}); served from cache, ${s.ageSeconds} s old`,
              path: s.path,
              extensions: {
                code: 'STALE_DATA',
                department: s.department,
                ageSeconds: s.ageSeconds,
                cause: s.cause,
              },
            });
          }
          result.errors = [...(result.errors ?? []), ...entries];
        },
      };
    },
  };
}
