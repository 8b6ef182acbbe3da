import type { QueryPlan, QueryPlanCache } from '@apollo/query-planner';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { getNamedType, getNullableType, isObjectType, type GraphQLSchema } from 'graphql';
import { speculateKeyLookups, type RootObjectType } from './key-lookup-plan';

/** Room for query plans, in MiB: @apollo/gateway's own default. @default 30 */
const PLAN_CACHE_MIB = 30;

/** A root query field of `schema`: the object type it returns, if it is one (through non-null, not lists), and its arguments' types. */
export function rootObjectTypeOf(schema: GraphQLSchema | undefined): RootObjectType {
  return (name) => {
    const field = schema?.getQueryType()?.getFields()[name];
    if (!field) return undefined;
    const inner = getNullableType(field.type);
    return {
      type: isObjectType(inner) ? inner.name : undefined,
      args: Object.fromEntries(field.args.map((a) => [a.name, getNamedType(a.type).name])),
    };
  };
}

/**
 * @apollo/gateway's query plan store (`queryPlannerConfig.cache`) that keeps each plan as
 * speculateKeyLookups rewrote it, so every request after the first of an operation (and every
 * operation warmed at start-up) runs the rewritten plan. `schema` gives the supergraph's API
 * schema of the moment; the gateway clears the store when the supergraph changes.
 */
export function speculativePlanCache(schema: () => GraphQLSchema | undefined): QueryPlanCache {
  const plans = new InMemoryLRUCache<QueryPlan>({ maxSize: PLAN_CACHE_MIB * 2 ** 20 });
  return {
    get: (key) => plans.get(key),
    set: (key, plan, options) =>
      plans.set(key, speculateKeyLookups(plan, rootObjectTypeOf(schema())), options),
    delete: (key) => plans.delete(key),
    clear: () => plans.clear(),
  };
}
