import { ApolloServer, HeaderMap } from '@apollo/server';
import { buildSchema, parse, validate, type GraphQLFormattedError, type ValidationRule } from 'graphql';
import { formatGatewayError } from '../server';
import { formatLimitError } from './limit-errors';
import { DEFAULT_QUERY_LIMITS, parseOptions, queryLimitRules, type QueryLimits } from './query-limits';
import { costLimitPlugin } from './cost-limit';
import { introspectionRules } from './introspection';

/** A small schema that nests without end, has lists with and without sizes, and a Relay connection. */
export const TEST_SCHEMA = buildSchema(/* GraphQL */ `
  type Query {
    hello: String
    node: Node
    nodes(first: Int, limit: Int): [Node!]!
    connection(first: Int = 10): NodeConnection!
  }
  type Node {
    id: ID!
    name: String
    tags: [String!]!
    child: Node
    children(first: Int): [Node!]!
  }
  type NodeConnection {
    totalCount: Int!
    pageInfo: PageInfo!
    edges: [NodeEdge!]!
  }
  type NodeEdge {
    cursor: String!
    node: Node!
  }
  type PageInfo {
    hasNextPage: Boolean!
  }
`);

/** What the resolvers of TEST_SCHEMA answer: every node has id "n" and no children. */
export const TEST_ROOT = {
  hello: 'hi',
  node: { id: 'n', name: 'node', tags: [] },
  nodes: () => [{ id: 'n', children: [] }],
};

/** The errors of validating `query` with only `rules` (graphql-js's own rules left out), as JSON. */
export function errorsOf(rules: ValidationRule[], query: string): GraphQLFormattedError[] {
  return validate(TEST_SCHEMA, parse(query), rules).map((e) => e.toJSON());
}

/** `{ node { child { child … } } }`: `depth` fields nested, the innermost `id`. */
export function nestedQuery(depth: number): string {
  return `{ node { ${'child { '.repeat(depth - 2)}id${' }'.repeat(depth - 2)} } }`;
}

/**
 * An Apollo Server on TEST_SCHEMA wired as the gateway is meant to be: the limits' parse options,
 * validation rules, cost plugin and error formatting in front of formatGatewayError.
 */
export async function limitedApollo(
  limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS },
  introspection = true,
): Promise<ApolloServer> {
  const apollo = new ApolloServer({
    schema: TEST_SCHEMA,
    rootValue: TEST_ROOT,
    parseOptions: parseOptions(limits),
    validationRules: [...queryLimitRules(limits), ...introspectionRules(introspection)],
    plugins: [costLimitPlugin(limits)],
    formatError: (formatted, error) => formatGatewayError(formatLimitError(formatted, error)),
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  return apollo;
}

/** POSTs one GraphQL request to `apollo` and returns the HTTP status and the parsed body. */
export async function post(
  apollo: ApolloServer,
  body: Record<string, unknown>,
): Promise<{ status: number; body: { data?: unknown; errors?: GraphQLFormattedError[] } }> {
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: 'POST',
      headers: new HeaderMap([['content-type', 'application/json']]),
      search: '',
      body,
    },
    context: async () => ({}),
  });
  if (result.body.kind !== 'complete') throw new Error('expected a complete body');
  return { status: result.status ?? 200, body: JSON.parse(result.body.string) };
}
