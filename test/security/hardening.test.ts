import { request } from 'undici';
import { COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES } from '../../gateway/first-query';
import { operationId } from '../../gateway/limits/safelist';
import { GOLDEN } from '../../mocks/data/golden';
import { startStack, type Stack } from '../helpers/stack';

interface Reply {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A raw request body (any JSON, or a string sent as is) from a window officer on Zhang Wei's case. */
async function send(stack: Stack, body: unknown, channel = 'counter'): Promise<Reply> {
  const token = await stack.trust.token({ role: 'officer', sub: 'o-1', department: 'service-center' });
  const res = await request(stack.gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-channel': channel,
      authorization: `Bearer ${token}`,
      'x-purpose': 'case:C2026110200001',
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Reply['body'] };
}

const legacyCalls = (stack: Stack) => Object.values(stack.legacyRequests()).reduce((a, b) => a + b, 0);
const nested = (depth: number) =>
  `{ person(id: "${GOLDEN.zhangWei}") { ${'parents { '.repeat(depth - 2)}name${' }'.repeat(depth - 2)} } }`;

describe('query limits and introspection at the gateway (introspection off, as in production)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ people: 20, gatewayEnv: { GATEWAY_INTROSPECTION: 'off' } });
  }, 60_000);
  afterAll(() => stack?.close());
  beforeEach(() => stack.resetCounters());

  it.each([
    ['a depth-50 query', { query: nested(50) }, 'QUERY_TOO_DEEP', 'query depth 50 exceeds the limit of 12'],
    [
      '1000 aliases',
      { query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ')} }` },
      'TOO_MANY_ALIASES',
      'query alias count 1000 exceeds the limit of 30',
    ],
    [
      'a list inside a list inside a list',
      {
        query: `{ matters(first: 100) { edges { node { materials { code } department { matters(first: 100) { edges { node { code } } } } } } } }`,
      },
      'QUERY_TOO_COSTLY',
      'exceeds the limit of 5000',
    ],
    ['introspection', { query: '{ __schema { types { name } } }' }, 'INTROSPECTION_DISABLED', ''],
  ])('refuses %s with 400 before any department is asked', async (_name, body, code, message) => {
    const reply = await send(stack, body);
    expect(reply.status).toBe(400);
    expect(reply.body.errors?.[0]).toMatchObject({
      extensions: { code },
      message: expect.stringContaining(message),
    });
    expect(reply.body.data ?? null).toBeNull();
    expect(legacyCalls(stack)).toBe(0);
  });

  it('still answers __typename, which is not introspection', async () => {
    expect((await send(stack, { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a 5 MB body with 413', async () => {
    const huge = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(5 * 1024 * 1024) } });
    const reply = await send(stack, huge);
    expect(reply.status).toBe(413);
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('REQUEST_TOO_LARGE');
  });
});

describe('the persisted-operation safelist (GATEWAY_SAFELIST=on)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ people: 20, gatewayEnv: { GATEWAY_SAFELIST: 'on' } });
  }, 60_000);
  afterAll(() => stack?.close());
  beforeEach(() => stack.resetCounters());

  it("runs the counter console's registered operation by its id", async () => {
    const reply = await send(stack, {
      id: operationId(COUNTER_VIEW_QUERY),
      variables: COUNTER_VIEW_VARIABLES,
    });
    expect(reply.status).toBe(200);
    expect((reply.body.data as { person: { name: string } }).person.name).toBe('张伟');
  });

  it.each([
    [
      'an operation text nobody registered',
      { query: `{ person(id: "${GOLDEN.zhangWei}") { name } }` },
      'counter',
    ],
    ['an unknown id', { id: 'f'.repeat(64) }, 'counter'],
    [
      "another channel app's operation",
      { id: operationId(COUNTER_VIEW_QUERY), variables: COUNTER_VIEW_VARIABLES },
      'terminal',
    ],
  ])('refuses %s with OPERATION_NOT_PERSISTED', async (_name, body, channel) => {
    const reply = await send(stack, body, channel);
    expect(reply.status).toBe(400);
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_PERSISTED');
    expect(legacyCalls(stack)).toBe(0);
  });
});
