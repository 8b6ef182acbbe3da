import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { costLimitRule, estimateCost } from './cost-limit';
import { DEFAULT_QUERY_LIMITS } from './query-limits';
import { errorsOf, limitedApollo, post, TEST_SCHEMA } from './test-support';

function costOf(query: string, variables?: Record<string, unknown>, defaultListSize = 20): number {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  return estimateCost(TEST_SCHEMA, document, operation, { defaultListSize, variables });
}

describe('estimateCost', () => {
  it('costs 1 per field, a list multiplying its sub-selection by its first/limit argument', () => {
    // nodes: 1 + 5 × (id 1 + children (1 + 3 × (id + name + tags = 3))) = 1 + 5 × 11
    expect(costOf('{ nodes(first: 5) { id children(first: 3) { id name tags } } }')).toBe(56);
    expect(costOf('{ nodes(limit: 2) { id } }')).toBe(3);
  });

  it('assumes defaultListSize for a list without a size, and a scalar list costs 1', () => {
    // node 1 + (children 1 + 20 × (id 1 + tags 1))
    expect(costOf('{ node { children { id tags } } }')).toBe(42);
    expect(costOf('{ node { children { id tags } } }', undefined, 7)).toBe(16);
  });

  it('takes a size given as a variable from the request, else from the variable’s default', () => {
    const query = 'query($n: Int) { nodes(first: $n) { id name } }';
    expect(costOf(query, { n: 7 })).toBe(15);
    expect(costOf(query, {})).toBe(41);
    expect(costOf('query($n: Int = 4) { nodes(first: $n) { id name } }', {})).toBe(9);
  });

  it('counts a variable size without a default as 0 during validation, when no value is known', () => {
    expect(costOf('query($n: Int) { nodes(first: $n) { id name } }')).toBe(1);
  });

  it('hands a connection’s first to its edges, uses the schema default, and never multiplies totalCount or pageInfo', () => {
    // connection 1 + totalCount 1 + pageInfo 2 + edges (1 + 5 × (cursor 1 + node (1 + id 1 + child 2)))
    expect(
      costOf(
        '{ connection(first: 5) { totalCount pageInfo { hasNextPage } edges { cursor node { id child { id } } } } }',
      ),
    ).toBe(30);
    // first defaults to 10 in the schema: 1 + (1 + 10 × (node 1 + id 1))
    expect(costOf('{ connection { edges { node { id } } } }')).toBe(22);
  });

  it('adds fragments and inline fragments where they are spread, sized by the list around them', () => {
    const query = `
      query { nodes(first: 4) { ...N ... on Node { name } } connection(first: 2) { ...C } }
      fragment N on Node { id children { id } }
      fragment C on NodeConnection { edges { cursor } }
    `;
    // nodes: 1 + 4 × (N (id 1 + children 1 + 20) + name 1) = 93; connection: 1 + (edges 1 + 2 × 1) = 4
    expect(costOf(query)).toBe(97);
  });

  it('terminates on fragment cycles and measures doubling fragments exactly without expanding them', () => {
    expect(
      costOf(
        `query { node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }`,
      ),
    ).toBe(3);
    const levels = Array.from(
      { length: 40 },
      (_, k) => `fragment F${k} on Node { child { ...F${k + 1} ...F${k + 1} } }`,
    );
    // F40 costs 1, Fk = 1 + 2 × F(k+1) = 2^(41-k) - 1, and node adds 1: 2^41.
    expect(costOf(`query { node { ...F0 } } ${levels.join(' ')} fragment F40 on Node { id }`)).toBe(2 ** 41);
  });

  it('costs an introspection root 1: it reads the schema, not the departments', () => {
    expect(costOf('{ __schema { types { name fields { name } } } }')).toBe(1);
    expect(costOf('{ __typename }')).toBe(1);
  });
});

describe('costLimitRule', () => {
  it('refuses an operation over the limit with QUERY_TOO_COSTLY, naming the cost and the limit', () => {
    expect(
      errorsOf(
        [costLimitRule({ maxCost: 50, defaultListSize: 20 })],
        '{ nodes(first: 5) { id children(first: 3) { id name tags } } }',
      ),
    ).toEqual([
      {
        message: 'query cost 56 exceeds the limit of 50',
        locations: [{ line: 1, column: 1 }],
        extensions: { code: 'QUERY_TOO_COSTLY' },
      },
    ]);
    expect(
      errorsOf(
        [costLimitRule({ maxCost: 56, defaultListSize: 20 })],
        '{ nodes(first: 5) { id children(first: 3) { id name tags } } }',
      ),
    ).toEqual([]);
  });
});

describe('costLimitPlugin', () => {
  const query = 'query Nodes($n: Int) { nodes(first: $n) { id children(first: 3) { id } } }';

  it('refuses with the request’s variables, which validation never sees: HTTP 400 QUERY_TOO_COSTLY', async () => {
    const apollo = await limitedApollo();
    try {
      // 1 + 1000 × (id 1 + children (1 + 3 × 1)) = 5001
      expect(await post(apollo, { query, variables: { n: 1000 } })).toEqual({
        status: 400,
        body: {
          errors: [
            {
              message: `query cost 5001 exceeds the limit of ${DEFAULT_QUERY_LIMITS.maxCost}`,
              locations: [{ line: 1, column: 1 }],
              extensions: { code: 'QUERY_TOO_COSTLY' },
            },
          ],
        },
      });
      // The same document, now validated and cached by Apollo, still runs with a small size.
      expect(await post(apollo, { query, variables: { n: 10 } })).toEqual({
        status: 200,
        body: { data: { nodes: [{ id: 'n', children: [] }] } },
      });
    } finally {
      await apollo.stop();
    }
  });
});
