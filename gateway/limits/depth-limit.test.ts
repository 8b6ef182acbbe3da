import {
  getIntrospectionQuery,
  Kind,
  parse,
  specifiedRules,
  validate,
  type OperationDefinitionNode,
} from 'graphql';
import { depthLimitRule, operationDepth } from './depth-limit';
import { errorsOf, nestedQuery, TEST_SCHEMA } from './test-support';

function depthOf(query: string): number {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  return operationDepth(operation, document);
}

describe('depthLimitRule', () => {
  it('counts a top-level field as 1 and each nested selection as one more', () => {
    expect(depthOf('{ hello }')).toBe(1);
    expect(depthOf('{ node { child { name } } }')).toBe(3);
    expect(depthOf(nestedQuery(50))).toBe(50);
  });

  it('counts the fields of fragments and inline fragments where they are spread, adding nothing for the fragment itself', () => {
    expect(
      depthOf(`
        query { node { ...F } hello }
        fragment F on Node { child { ... on Node { child { id } } } }
      `),
    ).toBe(4);
  });

  it('counts an introspection root as 1, so GraphiQL can load the schema (graphql-js bounds its recursion)', () => {
    expect(depthOf('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }')).toBe(1);
    // What GraphiQL's docs pane sends: 15 deep as written.
    expect(depthOf(getIntrospectionQuery())).toBe(1);
    expect(depthOf('{ a { __type(name: "X") { fields { name } } } }')).toBe(2);
  });

  it('refuses a depth-50 query with QUERY_TOO_DEEP, naming the depth and the limit', () => {
    expect(errorsOf([depthLimitRule(12)], nestedQuery(50))).toEqual([
      {
        message: 'query depth 50 exceeds the limit of 12',
        locations: [{ line: 1, column: 1 }],
        extensions: { code: 'QUERY_TOO_DEEP' },
      },
    ]);
  });

  it('accepts an operation exactly at the limit and refuses one level more', () => {
    expect(errorsOf([depthLimitRule(12)], nestedQuery(12))).toEqual([]);
    expect(errorsOf([depthLimitRule(12)], nestedQuery(13)).map((e) => e.message)).toEqual([
      'query depth 13 exceeds the limit of 12',
    ]);
  });

  it('judges each operation of a document on its own', () => {
    const errors = errorsOf(
      [depthLimitRule(3)],
      `query Shallow { node { id } } mutation Deep { node { child { child { id } } } }`,
    );
    expect(errors.map((e) => e.message)).toEqual(['mutation depth 4 exceeds the limit of 3']);
  });

  it('terminates on fragment cycles, leaving the cycle to graphql-js to report', () => {
    const cyclic = `
      query { node { ...A } }
      fragment A on Node { child { ...B } }
      fragment B on Node { child { ...A } }
      fragment Self on Node { ...Self }
    `;
    expect(depthOf(cyclic)).toBe(3);
    const messages = validate(TEST_SCHEMA, parse(cyclic), [...specifiedRules, depthLimitRule(2)]).map(
      (e) => e.message,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        'query depth 3 exceeds the limit of 2',
        'Cannot spread fragment "A" within itself via "B".',
        'Cannot spread fragment "Self" within itself.',
      ]),
    );
  });

  it('measures fragments that double at every level (2^40 fields expanded) without expanding them', () => {
    const levels = Array.from(
      { length: 40 },
      (_, k) => `fragment F${k} on Node { child { ...F${k + 1} ...F${k + 1} } }`,
    );
    const query = `query { node { ...F0 } } ${levels.join(' ')} fragment F40 on Node { id }`;
    expect(depthOf(query)).toBe(42);
  });
});
