import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLObjectType, responsePathAsArray, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { StaleMark } from '../../adapters/kit/staleness';
import type { SubgraphContext } from './context';

/** A field answered from the cache because its legacy system failed. */
export interface StaleField extends StaleMark {
  path: (string | number)[];
}

/**
 * The context one resolver runs with: a copy of the request's with an adapter context of its own,
 * whose `staleMarks` collects what its loads served stale. What the request gathers as it runs
 * (its access log, its stale fields) are objects the copy shares, made with the request's context
 * (context.ts), so nothing a resolver adds to them is lost. (A copy, not `Object.create`: a context
 * made a prototype costs V8 more than copying its few fields.)
 */
function resolverContext(context: SubgraphContext, marks: StaleMark[]): SubgraphContext {
  return { ...context, adapter: { ...context.adapter, staleMarks: marks } };
}

/** Runs a resolver with a context of its own and records what it got stale against `path`. */
async function tracked<T>(
  context: SubgraphContext,
  path: () => (string | number)[],
  resolve: (context: SubgraphContext) => T | Promise<T>,
): Promise<T> {
  const marks: StaleMark[] = [];
  const value = await resolve(resolverContext(context, marks));
  if (marks.length > 0) record(context, marks, path());
  return value;
}

/**
 * Wraps every resolver the subgraph defines so that a record an adapter served stale is
 * tied to the field that asked for it (adapters know nothing about GraphQL paths).
 */
export function trackStaleness(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const [name, field] of Object.entries(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      if (type === schema.getQueryType() && name === '_entities') {
        field.resolve = entitiesTracked(resolve as EntitiesResolver);
        continue;
      }
      field.resolve = (source, args, context: SubgraphContext, info) =>
        tracked(
          context,
          () => responsePathAsArray(info.path),
          (own) => resolve(source, args, own, info),
        );
    }
  }
  return schema;
}

type EntitiesResolver = (
  source: unknown,
  args: { representations: unknown[] },
  context: SubgraphContext,
  info: GraphQLResolveInfo,
) => unknown;

/**
 * `_entities` resolves a list of representations at once; each is resolved on its own (in
 * the same tick, so loaders still batch them) so a stale mark names its entity,
 * `_entities.<i>`, which the gateway maps back to the client's path.
 */
function entitiesTracked(resolve: EntitiesResolver): EntitiesResolver {
  return (source, args, context, info) =>
    args.representations.map((representation, i) =>
      tracked(
        context,
        () => [...responsePathAsArray(info.path), i],
        async (own) => {
          const [entity] = (await resolve(
            source,
            { ...args, representations: [representation] },
            own,
            info,
          )) as unknown[];
          return entity;
        },
      ),
    );
}

function record(context: SubgraphContext, marks: StaleMark[], path: (string | number)[]): void {
  for (const m of marks) (context.stale ??= []).push({ ...m, path });
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
