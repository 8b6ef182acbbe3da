import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import { request } from 'undici';
import { DataLayerError } from '../../adapters/kit/errors';
import { handleGraphQL } from '../../subgraphs/kit/apollo-http';
import { refuseNul, refuseNulInSearch } from './control-characters';
import { limitedApollo } from './test-support';

/** Calls `fn` and returns the DataLayerError it throws as { code, message }. */
function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataLayerError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

/** The refusal of a NUL found at `where`. */
const refusedAt = (where: string) => ({
  code: 'INVALID_ARGUMENT',
  message: `the request holds U+0000 (NUL) at ${where}; no argument may carry it`,
});

const SUBMIT = 'mutation($input: SubmitCaseInput!) { submitCase(input: $input) { case { id } } }';

describe('refuseNul', () => {
  it('returns a body without a NUL as it is, whatever it holds', () => {
    const body = {
      query: SUBMIT,
      operationName: null,
      variables: { input: { matterCode: 'ED-001', n: 3, ok: true, list: [1, 'a', null, { b: 'c' }] } },
      extensions: { persistedQuery: { version: 1, sha256Hash: 'ab' } },
    };
    expect(refuseNul(body)).toBe(body);
    for (const other of [undefined, null, 0, 'text', [], [{ query: '{ hello }' }]])
      expect(refuseNul(other)).toBe(other);
  });

  it('names the variable that holds a NUL, at any depth and list index', () => {
    const variables = {
      input: {
        matterCode: 'ED-001',
        suppliedMaterials: [
          { materialCode: 'PHOTO', reference: 'upload:photo-1' },
          { materialCode: 'PHOTO', reference: 'a\u0000zzz' },
        ],
      },
    };
    expect(refusal(() => refuseNul({ query: SUBMIT, variables }))).toEqual(
      refusedAt('variables.input.suppliedMaterials[1].reference'),
    );
    expect(refusal(() => refuseNul({ query: SUBMIT, variables: { id: '\u0000' } }))).toEqual(
      refusedAt('variables.id'),
    );
  });

  it('names the first NUL in document order', () => {
    const body = { query: '{ hello }', variables: { a: ['x', { b: 'y\u0000' }], c: '\u0000' } };
    expect(refusal(() => refuseNul(body))).toEqual(refusedAt('variables.a[1].b'));
  });

  it('looks into every request of a batch, the operation name and the extensions', () => {
    expect(
      refusal(() => refuseNul([{ query: '{ hello }' }, { query: '{ hello }', variables: { id: '\u0000' } }])),
    ).toEqual(refusedAt('[1].variables.id'));
    expect(refusal(() => refuseNul({ query: '{ hello }', operationName: 'A\u0000' }))).toEqual(
      refusedAt('operationName'),
    );
    expect(refusal(() => refuseNul({ id: 'x', extensions: { trace: ['\u0000'] } }))).toEqual(
      refusedAt('extensions.trace[0]'),
    );
    expect(refusal(() => refuseNul('\u0000'))).toEqual(refusedAt('the request body'));
  });

  it('refuses a NUL in a member name, showing the name JSON-quoted, never raw', () => {
    const { message } = refusal(() => refuseNul({ query: '{ hello }', variables: { 'a\u0000<b>': 1 } }));
    expect(message).toBe(
      'the request holds U+0000 (NUL) at variables["a\\u0000\\u003cb\\u003e"]; no argument may carry it',
    );
    expect(message).not.toContain('\u0000');
  });

  it('cuts a long member name and a deep path in the message', () => {
    const long = 'x'.repeat(100);
    expect(refusal(() => refuseNul({ variables: { [`${long}-`]: '\u0000' } })).message).toBe(
      `the request holds U+0000 (NUL) at variables["${'x'.repeat(40)}…"]; no argument may carry it`,
    );
    const path = ['variables', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm'];
    const deep = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), '\u0000');
    expect(refusal(() => refuseNul(deep))).toEqual(refusedAt('variables.a.b.c.d.e.f.g.h.i.j.k…'));
  });

  it('walks a body nested 200,000 deep without overflowing the stack', () => {
    const depth = 200_000;
    const text = `{"variables":{"v":${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}}}`;
    expect(refusal(() => refuseNul(JSON.parse(text)))).toEqual(refusedAt(`variables.v${'[0]'.repeat(10)}…`));
    const clean = JSON.parse(`{"variables":{"v":${'['.repeat(depth)}"x"${']'.repeat(depth)}}}`);
    expect(refuseNul(clean)).toBe(clean);
  });

  it('refuses a NUL in the operation text, raw or as a GraphQL escape in a string literal', () => {
    for (const query of [
      '{ person(id: "\u0000") { id } }',
      '{ person(id: "\\u0000") { id } }',
      '{ person(id: "a\\u{0}b") { id } }',
      '{ person(id: """\u0000""") { id } }',
    ])
      expect(refusal(() => refuseNul({ query }))).toEqual(refusedAt('query'));
    expect(refusal(() => refuseNul([{ query: '{ a }' }, { query: '{ a(x: "\\u0000") }' }]))).toEqual(
      refusedAt('[1].query'),
    );
  });

  it('lets other escapes through: an escaped backslash, a block string, another code point, text that does not lex', () => {
    for (const query of [
      '{ person(id: "\\\\u0000") { id } }',
      '{ person(id: """\\u0000""") { id } }',
      '{ person(id: "\\u0041\\u{1F600}") { id } }',
      '{ person(id: "\\u00) { id } }',
    ]) {
      const body = { query };
      expect(refuseNul(body)).toBe(body);
    }
  });

  it('reads a GraphQL escape only in the operation text, not in variables (where it is the text itself)', () => {
    const body = { query: '{ hello }', variables: { note: '\\u0000' }, extensions: { query: '"\\u0000"' } };
    expect(refuseNul(body)).toBe(body);
  });
});

describe('refuseNulInSearch', () => {
  const search = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;

  it('returns a search without a NUL as it is', () => {
    const s = search({ query: '{ hello }', variables: '{"id":"x"}', extensions: 'not json' });
    expect(refuseNulInSearch(s)).toBe(s);
    expect(refuseNulInSearch('')).toBe('');
  });

  it('refuses a NUL inside the JSON of the variables or extensions, naming where', () => {
    expect(
      refusal(() =>
        refuseNulInSearch(search({ query: '{ hello }', variables: '{"input":{"ref":"a\\u0000"}}' })),
      ),
    ).toEqual(refusedAt('variables.input.ref'));
    expect(
      refusal(() => refuseNulInSearch(search({ query: '{ hello }', extensions: '{"x":["\\u0000"]}' }))),
    ).toEqual(refusedAt('extensions.x[0]'));
  });

  it('refuses a percent-encoded NUL in any parameter, and a GraphQL escape in the operation text', () => {
    expect(refusal(() => refuseNulInSearch('?query=%7B%20hello%20%7D&operationName=A%00'))).toEqual(
      refusedAt('operationName'),
    );
    expect(refusal(() => refuseNulInSearch('?query=%7B%20hello%20%7D&x%00=1'))).toEqual(
      refusedAt('["x\\u0000"]'),
    );
    expect(refusal(() => refuseNulInSearch(search({ query: '{ a(x: "\\u0000") }' })))).toEqual(
      refusedAt('query'),
    );
  });
});

describe('a NUL through handleGraphQL with refuseNul in its rewrite', () => {
  let apollo: ApolloServer;
  let server: http.Server;
  let url: string;
  let contexts = 0;
  beforeAll(async () => {
    apollo = await limitedApollo();
    server = http.createServer(
      (req, res) =>
        void handleGraphQL(
          apollo,
          req,
          res,
          async () => {
            contexts++;
            return {};
          },
          { rewrite: ({ body, search }) => ({ body: refuseNul(body), search: refuseNulInSearch(search) }) },
        ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await apollo?.stop();
  });
  beforeEach(() => {
    contexts = 0;
  });

  const post = async (body: unknown) => {
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.statusCode, body: await res.body.json() };
  };
  const get = async (params: Record<string, string>) => {
    const res = await request(`${url}?${new URLSearchParams(params)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    return { status: res.statusCode, body: await res.body.json() };
  };

  it('answers a POST or GET carrying a NUL with 400 INVALID_ARGUMENT before any context is built', async () => {
    const answer = {
      status: 400,
      body: {
        errors: [{ message: refusedAt('variables.v').message, extensions: { code: 'INVALID_ARGUMENT' } }],
      },
    };
    expect(
      await post({ query: 'query($v: String!) { __type(name: $v) { name } }', variables: { v: 'a\u0000' } }),
    ).toEqual(answer);
    expect(
      await get({ query: 'query($v: String!) { __type(name: $v) { name } }', variables: '{"v":"\\u0000"}' }),
    ).toEqual(answer);
    expect(contexts).toBe(0);
  });

  it('answers the same requests without the NUL', async () => {
    expect(
      await post({ query: 'query($v: String!) { __type(name: $v) { name } }', variables: { v: 'Node' } }),
    ).toEqual({
      status: 200,
      body: { data: { __type: { name: 'Node' } } },
    });
    expect(
      await get({ query: 'query($v: String!) { __type(name: $v) { name } }', variables: '{"v":"Node"}' }),
    ).toEqual({
      status: 200,
      body: { data: { __type: { name: 'Node' } } },
    });
    expect(contexts).toBe(2);
  });
});
