import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataLayerError } from '../../adapters/kit/errors';
import { COUNTER_VIEW_QUERY } from '../first-query';
import {
  loadSafelist,
  operationId,
  resolvePersistedOperation,
  resolvePersistedSearch,
  safelistDirFromEnv,
  safelistModeFromEnv,
  type PersistedOperation,
  type Safelist,
} from './safelist';
import { limitedApollo, post } from './test-support';

const REPO = path.resolve(__dirname, '..', '..');
const MANIFESTS = path.join(REPO, 'gateway', 'persisted-operations');

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

function op(safelist: Safelist, channel: string, name: string): PersistedOperation {
  const found = [...(safelist.channels.get(channel)?.values() ?? [])].find((o) => o.name === name);
  if (!found) throw new Error(`${channel} has no ${name}`);
  return found;
}

describe('the manifests in gateway/persisted-operations', () => {
  const safelist = loadSafelist(MANIFESTS);

  it('register each channel app’s operations', () => {
    const names = Object.fromEntries(
      [...safelist.channels].map(([channel, ops]) => [channel, [...ops.values()].map((o) => o.name)]),
    );
    expect(names).toEqual({
      app: ['IssueDigitalId', 'IssueDigitalIdCode', 'VerifyDigitalId'],
      counter: ['CounterView', 'TransitionCase'],
      portal: ['MattersCatalogue', 'SubmitCase', 'PersonCases'],
      terminal: ['VerifyCertificate', 'PrintableCertificate', 'VerifyDigitalId'],
    });
  });

  it('hold the counter view exactly as the explorer and npm start send it, so it runs in safelist mode', () => {
    expect(op(safelist, 'counter', 'CounterView').body).toBe(COUNTER_VIEW_QUERY);
    expect(
      resolvePersistedOperation(
        { query: COUNTER_VIEW_QUERY, variables: {} },
        'counter',
        safelist,
        'safelist',
      ),
    ).toEqual({ query: COUNTER_VIEW_QUERY, variables: {} });
  });
});

describe('resolvePersistedOperation in safelist mode', () => {
  const safelist = loadSafelist(MANIFESTS);
  const submit = op(safelist, 'portal', 'SubmitCase');
  const issue = op(safelist, 'app', 'IssueDigitalId');

  it('expands a registered id into its text, keeping the variables and operation name', () => {
    const variables = { input: { matterCode: 'ED-001' } };
    expect(
      resolvePersistedOperation(
        { id: submit.id, variables, operationName: 'SubmitCase' },
        'portal',
        safelist,
        'safelist',
      ),
    ).toEqual({ query: submit.body, variables, operationName: 'SubmitCase' });
    expect(resolvePersistedOperation({ documentId: submit.id }, 'portal', safelist, 'safelist')).toEqual({
      query: submit.body,
    });
  });

  it('expands an Apollo persisted query hash, dropping the persistedQuery extension but keeping the others', () => {
    expect(
      resolvePersistedOperation(
        { extensions: { persistedQuery: { version: 1, sha256Hash: submit.id }, trace: true } },
        'portal',
        safelist,
        'safelist',
      ),
    ).toEqual({ query: submit.body, extensions: { trace: true } });
  });

  it('refuses an unknown id with OPERATION_NOT_PERSISTED naming the channel', () => {
    const unknown = operationId('{ __typename }');
    expect(refusal(() => resolvePersistedOperation({ id: unknown }, 'portal', safelist, 'safelist'))).toEqual(
      {
        code: 'OPERATION_NOT_PERSISTED',
        message: `operation ${unknown} is not in the safelist of channel portal`,
      },
    );
  });

  it('refuses another channel’s id', () => {
    expect(
      refusal(() => resolvePersistedOperation({ id: issue.id }, 'portal', safelist, 'safelist')),
    ).toEqual({
      code: 'OPERATION_NOT_PERSISTED',
      message: `operation ${issue.id} is not in the safelist of channel portal`,
    });
    expect(
      refusal(() => resolvePersistedOperation({ id: issue.id }, 'unknown', safelist, 'safelist')).message,
    ).toBe(`operation ${issue.id} is not in the safelist of channel unknown`);
  });

  it('refuses an operation text that is not registered for the channel, even a registered one of another channel', () => {
    for (const query of ['{ person(id: "310107199003070017") { name } }', issue.body])
      expect(refusal(() => resolvePersistedOperation({ query }, 'portal', safelist, 'safelist'))).toEqual({
        code: 'OPERATION_NOT_PERSISTED',
        message:
          'the operation text is not in the safelist of channel portal; send the id of a registered operation',
      });
  });

  it('accepts the exact registered text (copied from the manifest) as it is', () => {
    const body = { query: submit.body, variables: {} };
    expect(resolvePersistedOperation(body, 'portal', safelist, 'safelist')).toBe(body);
  });

  it('refuses automatic persisted query registration of a text nobody registered', () => {
    const query = '{ __typename }';
    expect(
      refusal(() =>
        resolvePersistedOperation(
          { query, extensions: { persistedQuery: { version: 1, sha256Hash: operationId(query) } } },
          'portal',
          safelist,
          'safelist',
        ),
      ).code,
    ).toBe('OPERATION_NOT_PERSISTED');
  });

  it('refuses a text sent with an id that is not its own, and an id that is not a string', () => {
    expect(
      refusal(() =>
        resolvePersistedOperation({ id: submit.id, query: issue.body }, 'portal', safelist, 'safelist'),
      ),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: `the query text sent is not the text of operation ${submit.id}`,
    });
    expect(refusal(() => resolvePersistedOperation({ id: 42 }, 'portal', safelist, 'safelist'))).toEqual({
      code: 'BAD_REQUEST',
      message: 'id must be a string',
    });
  });

  it('resolves a batch item by item and leaves what is not a request to Apollo Server', () => {
    expect(resolvePersistedOperation([{ id: submit.id }], 'portal', safelist, 'safelist')).toEqual([
      { query: submit.body },
    ]);
    expect(resolvePersistedOperation(undefined, 'portal', safelist, 'safelist')).toBeUndefined();
    expect(resolvePersistedOperation({ variables: {} }, 'portal', safelist, 'safelist')).toEqual({
      variables: {},
    });
  });
});

describe('resolvePersistedOperation in off mode', () => {
  const safelist = loadSafelist(MANIFESTS);
  const issue = op(safelist, 'app', 'IssueDigitalId');

  it('expands an id registered for any channel, on any channel', () => {
    expect(resolvePersistedOperation({ id: issue.id }, 'counter', safelist, 'off')).toEqual({
      query: issue.body,
    });
  });

  it('passes any text, and leaves an unknown persistedQuery hash to Apollo’s automatic persisted queries', () => {
    const text = { query: '{ __typename }' };
    expect(resolvePersistedOperation(text, 'portal', safelist, 'off')).toBe(text);
    const apq = { extensions: { persistedQuery: { version: 1, sha256Hash: operationId('{ x }') } } };
    expect(resolvePersistedOperation(apq, 'portal', safelist, 'off')).toBe(apq);
  });

  it('refuses an unknown id', () => {
    expect(refusal(() => resolvePersistedOperation({ id: 'abc' }, 'portal', safelist, 'off'))).toEqual({
      code: 'OPERATION_NOT_PERSISTED',
      message: 'no persisted operation has the id abc',
    });
  });
});

describe('resolvePersistedSearch (GET)', () => {
  const safelist = loadSafelist(MANIFESTS);
  const verify = op(safelist, 'terminal', 'VerifyCertificate');

  it('expands an id in the URL and refuses an unregistered text in it', () => {
    const search = resolvePersistedSearch(
      `?id=${verify.id}&variables=%7B%7D`,
      'terminal',
      safelist,
      'safelist',
    );
    const params = new URLSearchParams(search);
    expect(Object.fromEntries(params)).toEqual({ variables: '{}', query: verify.body });
    expect(
      refusal(() => resolvePersistedSearch('?query=%7B__typename%7D', 'terminal', safelist, 'safelist')).code,
    ).toBe('OPERATION_NOT_PERSISTED');
    expect(
      resolvePersistedSearch(
        `?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: verify.id } }))}`,
        'terminal',
        safelist,
        'safelist',
      ),
    ).toBe(`?${new URLSearchParams({ query: verify.body })}`);
  });

  it('leaves a search without an operation as it was', () => {
    expect(resolvePersistedSearch('?foo=1', 'terminal', safelist, 'safelist')).toBe('?foo=1');
  });
});

describe('loadSafelist', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'safelist-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function manifest(channel: string, operations: unknown[], extra: Record<string, unknown> = {}): string {
    const file = path.join(dir, `${channel}.json`);
    writeFileSync(
      file,
      JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations, ...extra }),
    );
    return file;
  }
  const hello = 'query Hello { hello }';

  it('runs a registered operation end to end through Apollo Server', async () => {
    manifest('portal', [{ id: operationId(hello), name: 'Hello', type: 'query', body: hello }]);
    const safelist = loadSafelist(dir);
    const apollo = await limitedApollo();
    try {
      const body = resolvePersistedOperation({ id: operationId(hello) }, 'portal', safelist, 'safelist');
      expect(await post(apollo, body as Record<string, unknown>)).toEqual({
        status: 200,
        body: { data: { hello: 'hi' } },
      });
    } finally {
      await apollo.stop();
    }
  });

  it('refuses a manifest whose id is not the sha256 of its body, naming file, operation and both ids', () => {
    const wrong = operationId('query Hello { hello } ');
    const file = manifest('portal', [{ id: wrong, name: 'Hello', type: 'query', body: hello }]);
    expect(() => loadSafelist(dir)).toThrow(
      new Error(
        `${file}: operations[0] (Hello): id ${wrong} is not the sha256 of its body (${operationId(hello)})`,
      ),
    );
  });

  it.each([
    [
      'a body that does not parse',
      [{ id: operationId('query Broken {'), name: 'Broken', type: 'query', body: 'query Broken {' }],
      'operations[0] (Broken): body does not parse: Syntax Error: Expected Name, found <EOF>.',
    ],
    [
      'a name that is not the operation’s',
      [{ id: operationId(hello), name: 'Goodbye', type: 'query', body: hello }],
      'operations[0] (Goodbye): body must hold exactly one operation, the query Goodbye',
    ],
    [
      'a type that is not the operation’s',
      [{ id: operationId(hello), name: 'Hello', type: 'mutation', body: hello }],
      'operations[0] (Hello): body must hold exactly one operation, the mutation Hello',
    ],
    [
      'a name used twice',
      [
        { id: operationId(hello), name: 'Hello', type: 'query', body: hello },
        {
          id: operationId('query Hello { node { id } }'),
          name: 'Hello',
          type: 'query',
          body: 'query Hello { node { id } }',
        },
      ],
      'operations[1] (Hello): the name Hello is used twice',
    ],
    [
      'a type outside query, mutation, subscription',
      [{ id: operationId(hello), name: 'Hello', type: 'fragment', body: hello }],
      'operations[0] (Hello): type must be query, mutation or subscription: fragment',
    ],
  ])('refuses %s', (_what, operations, message) => {
    const file = manifest('counter', operations);
    expect(() => loadSafelist(dir)).toThrow(new Error(`${file}: ${message}`));
  });

  it('refuses a file that is not a manifest and a file named after no channel', () => {
    const file = manifest('app', [], { format: 'something-else' });
    expect(() => loadSafelist(dir)).toThrow(
      new Error(
        `${file}: not a persisted query manifest (expected format "apollo-persisted-query-manifest", version 1, operations [])`,
      ),
    );
    rmSync(file);
    const kiosk = manifest('kiosk', []);
    expect(() => loadSafelist(dir)).toThrow(
      new Error(`${kiosk}: kiosk is not a channel (expected counter, portal, terminal, app)`),
    );
  });

  it('refuses a folder that does not exist', () => {
    expect(() => loadSafelist(path.join(dir, 'missing'))).toThrow(
      /^cannot read the persisted operations folder .*missing: ENOENT/,
    );
  });
});

describe('safelist settings', () => {
  it('reads GATEWAY_SAFELIST=on|off, off by default, refusing anything else', () => {
    expect(safelistModeFromEnv({})).toBe('off');
    expect(safelistModeFromEnv({ GATEWAY_SAFELIST: 'off' })).toBe('off');
    expect(safelistModeFromEnv({ GATEWAY_SAFELIST: 'on' })).toBe('safelist');
    expect(() => safelistModeFromEnv({ GATEWAY_SAFELIST: 'true' })).toThrow(
      new Error('GATEWAY_SAFELIST must be on or off: true'),
    );
  });

  it('reads the manifests from GATEWAY_SAFELIST_DIR, else gateway/persisted-operations', () => {
    expect(safelistDirFromEnv({}, REPO)).toBe(MANIFESTS);
    expect(safelistDirFromEnv({ GATEWAY_SAFELIST_DIR: '/etc/owdl/ops' }, REPO)).toBe('/etc/owdl/ops');
  });

  it('computes ids as Apollo does: sha256 hex of the UTF-8 text (the same as `printf %s TEXT | sha256sum`)', async () => {
    expect(operationId('{ __typename }')).toBe(
      '7f56e67dd21ab3f30d1ff8b7bed08893f0a0db86449836189b361dd1e56ddb4b',
    );
    expect(operationId('query { hello(x: "卫生") }')).toBe(
      '1ff145d5924c6f5f084bfb8827b1fc6c5cd7ccbd2f5bdcb3e23635237003ec37',
    );
    // Apollo Server refuses a persisted query hash that is not the text's ("provided sha does not match query").
    const apollo = await limitedApollo();
    try {
      const query = '{ __typename }';
      expect(
        await post(apollo, {
          query,
          extensions: { persistedQuery: { version: 1, sha256Hash: operationId(query) } },
        }),
      ).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
      const other = operationId('{ hello }');
      expect(
        (await post(apollo, { query, extensions: { persistedQuery: { version: 1, sha256Hash: other } } }))
          .status,
      ).toBe(400);
    } finally {
      await apollo.stop();
    }
  });
});
