import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';

/** How many API schemas stay cached: the current supergraph and a candidate or two. */
const CACHED = 4;
const cache = new Map<string, GraphQLSchema>();

/**
 * The schema clients see through the gateway (federation's API schema: no join__ or link__
 * definitions, @inaccessible removed), as graphql-js's GraphQLSchema. Building one takes tens of
 * milliseconds for our supergraph, so the last few are kept by SDL.
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  const hit = cache.get(supergraphSdl);
  if (hit) return hit;
  const schema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  cache.set(supergraphSdl, schema);
  if (cache.size > CACHED) cache.delete(cache.keys().next().value as string);
  return schema;
}
