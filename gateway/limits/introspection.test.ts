import { parse, specifiedRules, validate } from 'graphql';
import { introspectionFromEnv, introspectionRules, noIntrospectionRule } from './introspection';
import { DEFAULT_QUERY_LIMITS } from './query-limits';
import { errorsOf, limitedApollo, post, TEST_SCHEMA } from './test-support';

describe('noIntrospectionRule', () => {
  it('refuses __schema with INTROSPECTION_DISABLED, once per document', () => {
    expect(
      errorsOf([noIntrospectionRule], '{ __schema { queryType { name } } __type(name: "Node") { name } }'),
    ).toEqual([
      {
        message: 'introspection is disabled on this gateway (__schema was asked for)',
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'INTROSPECTION_DISABLED' },
      },
    ]);
  });

  it('refuses __type, wherever it hides (in a fragment)', () => {
    expect(
      errorsOf(
        [noIntrospectionRule],
        'query { ...Q } fragment Q on Query { __type(name: "Node") { fields { name } } }',
      ).map((e) => e.message),
    ).toEqual(['introspection is disabled on this gateway (__type was asked for)']);
  });

  it('always allows __typename', () => {
    expect(errorsOf([noIntrospectionRule], '{ __typename node { __typename id } }')).toEqual([]);
  });

  it('is not among the rules when introspection is on, so graphql-js alone judges introspection', () => {
    expect(introspectionRules(true)).toEqual([]);
    expect(introspectionRules(false)).toEqual([noIntrospectionRule]);
    expect(
      validate(TEST_SCHEMA, parse('{ __schema { queryType { name } } }'), [
        ...specifiedRules,
        ...introspectionRules(true),
      ]),
    ).toEqual([]);
  });
});

describe('introspection in a real Apollo Server', () => {
  it('is refused with HTTP 400 INTROSPECTION_DISABLED when off, while __typename answers', async () => {
    const apollo = await limitedApollo({ ...DEFAULT_QUERY_LIMITS }, false);
    try {
      expect(await post(apollo, { query: '{ __type(name: "Node") { name } }' })).toEqual({
        status: 400,
        body: {
          errors: [
            {
              message: 'introspection is disabled on this gateway (__type was asked for)',
              locations: [{ line: 1, column: 3 }],
              extensions: { code: 'INTROSPECTION_DISABLED' },
            },
          ],
        },
      });
      expect(await post(apollo, { query: '{ __typename }' })).toEqual({
        status: 200,
        body: { data: { __typename: 'Query' } },
      });
    } finally {
      await apollo.stop();
    }
  });

  it('answers when on', async () => {
    const apollo = await limitedApollo({ ...DEFAULT_QUERY_LIMITS }, true);
    try {
      expect(await post(apollo, { query: '{ __type(name: "PageInfo") { name fields { name } } }' })).toEqual({
        status: 200,
        body: { data: { __type: { name: 'PageInfo', fields: [{ name: 'hasNextPage' }] } } },
      });
    } finally {
      await apollo.stop();
    }
  });
});

describe('introspectionFromEnv', () => {
  it('is on outside production and off in production unless GATEWAY_INTROSPECTION says otherwise', () => {
    expect(introspectionFromEnv({})).toBe(true);
    expect(introspectionFromEnv({ NODE_ENV: 'development' })).toBe(true);
    expect(introspectionFromEnv({ NODE_ENV: 'production' })).toBe(false);
    expect(introspectionFromEnv({ NODE_ENV: 'production', GATEWAY_INTROSPECTION: 'on' })).toBe(true);
    expect(introspectionFromEnv({ GATEWAY_INTROSPECTION: 'off' })).toBe(false);
    expect(introspectionFromEnv({ NODE_ENV: 'production', GATEWAY_INTROSPECTION: '' })).toBe(false);
  });

  it('refuses any other value, naming the variable', () => {
    expect(() => introspectionFromEnv({ GATEWAY_INTROSPECTION: 'yes' })).toThrow(
      new Error('GATEWAY_INTROSPECTION must be on or off: yes'),
    );
  });
});
