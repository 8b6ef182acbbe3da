import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ApolloServer } from '@apollo/server';
import { request } from 'undici';
import { handleGraphQL } from '../../subgraphs/kit/apollo-http';
import { DEFAULT_QUERY_LIMITS, parseOptions, queryLimitsFromEnv } from './query-limits';
import { limitedApollo, nestedQuery, post } from './test-support';

describe('queryLimitsFromEnv', () => {
  it('defaults to depth 12, 30 aliases, 4000 tokens, cost 5000 and lists of 20', () => {
    expect(queryLimitsFromEnv({})).toEqual({
      maxDepth: 12,
      maxAliases: 30,
      maxTokens: 4000,
      maxCost: 5000,
      defaultListSize: 20,
    });
    expect(DEFAULT_QUERY_LIMITS).toEqual(queryLimitsFromEnv({}));
  });

  it('reads GATEWAY_MAX_DEPTH, GATEWAY_MAX_ALIASES, GATEWAY_MAX_TOKENS and GATEWAY_MAX_COST', () => {
    expect(
      queryLimitsFromEnv({
        GATEWAY_MAX_DEPTH: '15',
        GATEWAY_MAX_ALIASES: '0',
        GATEWAY_MAX_TOKENS: '20000',
        GATEWAY_MAX_COST: '100000',
      }),
    ).toEqual({ maxDepth: 15, maxAliases: 0, maxTokens: 20000, maxCost: 100000, defaultListSize: 20 });
  });

  it.each([
    ['GATEWAY_MAX_DEPTH', 'deep', 'GATEWAY_MAX_DEPTH must be a whole number from 1 to 1000: deep'],
    ['GATEWAY_MAX_DEPTH', '0', 'GATEWAY_MAX_DEPTH must be a whole number from 1 to 1000: 0'],
    ['GATEWAY_MAX_ALIASES', '-1', 'GATEWAY_MAX_ALIASES must be a whole number from 0 to 100000: -1'],
    ['GATEWAY_MAX_TOKENS', '12.5', 'GATEWAY_MAX_TOKENS must be a whole number from 100 to 1000000: 12.5'],
    ['GATEWAY_MAX_COST', '1e12', 'GATEWAY_MAX_COST must be a whole number from 1 to 1000000000: 1e12'],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    expect(() => queryLimitsFromEnv({ [name]: value })).toThrow(new Error(message));
  });
});

describe('parseOptions', () => {
  it('hands Apollo Server the token limit', () => {
    expect(parseOptions(DEFAULT_QUERY_LIMITS)).toEqual({ maxTokens: 4000 });
  });
});

describe('the limits in a real Apollo Server, formatted as the gateway formats errors', () => {
  let apollo: ApolloServer;
  beforeAll(async () => {
    apollo = await limitedApollo();
  });
  afterAll(() => apollo?.stop());

  it('refuses a document of 5000+ tokens with HTTP 400 TOO_MANY_TOKENS before validating it', async () => {
    // 1700 aliases of 3 tokens each (`aN`, `:`, `hello`) and the braces: 5102 tokens.
    const query = `{ ${Array.from({ length: 1700 }, (_, i) => `a${i}: hello`).join(' ')} }`;
    expect(await post(apollo, { query })).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'query token count exceeds the limit of 4000',
            // At the 4001st token: `{`, then 1333 aliases of 3 tokens, then `a1333`.
            locations: [{ line: 1, column: query.indexOf('a1333:') + 1 }],
            extensions: { code: 'TOO_MANY_TOKENS' },
          },
        ],
      },
    });
  });

  it('refuses a depth-50 query with HTTP 400 QUERY_TOO_DEEP', async () => {
    expect(await post(apollo, { query: nestedQuery(50) })).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'query depth 50 exceeds the limit of 12',
            locations: [{ line: 1, column: 1 }],
            extensions: { code: 'QUERY_TOO_DEEP' },
          },
        ],
      },
    });
  });

  it('refuses 1000 aliases with HTTP 400 TOO_MANY_ALIASES (under the token limit: 3 tokens each)', async () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: hello`).join(' ')} }`;
    const { status, body } = await post(apollo, { query });
    expect(status).toBe(400);
    expect(body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['TOO_MANY_ALIASES', 'query alias count 1000 exceeds the limit of 30'],
    ]);
  });

  it('refuses a costly literal query with HTTP 400 QUERY_TOO_COSTLY at validation', async () => {
    const { status, body } = await post(apollo, { query: '{ nodes(first: 5000) { id } }' });
    expect(status).toBe(400);
    expect(body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['QUERY_TOO_COSTLY', 'query cost 5001 exceeds the limit of 5000'],
    ]);
  });

  it('leaves graphql-js’s own validation errors and syntax errors as they were', async () => {
    expect(await post(apollo, { query: '{ zzz }' })).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Cannot query field "zzz" on type "Query".',
            locations: [{ line: 1, column: 3 }],
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    });
    expect((await post(apollo, { query: '{ hello' })).body.errors?.[0]?.extensions).toEqual({
      code: 'GRAPHQL_PARSE_FAILED',
    });
  });

  it('answers a query within every limit', async () => {
    expect(await post(apollo, { query: '{ hello node { child { id } } }' })).toEqual({
      status: 200,
      body: { data: { hello: 'hi', node: { child: null } } },
    });
  });
});

describe('a 5 MB body through handleGraphQL', () => {
  let apollo: ApolloServer;
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    apollo = await limitedApollo();
    server = http.createServer((req, res) => void handleGraphQL(apollo, req, res, async () => ({})));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await apollo?.stop();
  });

  it('is refused with 413 REQUEST_TOO_LARGE, by its Content-Length or, streamed, by its first MiB', async () => {
    const big = JSON.stringify({ query: '{ hello }', variables: { pad: 'x'.repeat(5 * 1024 * 1024) } });
    const chunks = Array.from({ length: 6 }, (_, i) => big.slice(i * 1024 * 1024, (i + 1) * 1024 * 1024));
    for (const body of [big, Readable.from(chunks)]) {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.statusCode).toBe(413);
      expect(await res.body.json()).toEqual({
        errors: [{ message: 'request body over 1048576 bytes', extensions: { code: 'REQUEST_TOO_LARGE' } }],
      });
    }
  });
});
