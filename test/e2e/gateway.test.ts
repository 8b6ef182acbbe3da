import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { request } from 'undici';
import { GOLDEN } from '../../mocks/data/golden';
import { startStack, type Stack } from '../helpers/stack';

async function get(url: string, accept = 'application/json') {
  const res = await request(url, { headers: { accept } });
  return { status: res.statusCode, type: res.headers['content-type'], text: await res.body.text() };
}

describe('the gateway process', () => {
  let stack: Stack;
  let origin: string;
  beforeAll(async () => {
    stack = await startStack();
    origin = new URL(stack.gateway.url).origin;
  }, 60_000);
  afterAll(() => stack?.close());

  it('is alive on /health and ready on /ready when every subgraph answers', async () => {
    expect(await get(`${origin}/health`)).toMatchObject({ status: 200, text: '{"status":"ok"}' });
    const ready = await get(`${origin}/ready`);
    expect(ready.status).toBe(200);
    const body = JSON.parse(ready.text);
    expect(body.status).toBe('ready');
    expect(Object.keys(body.subgraphs).sort()).toEqual([
      'audit',
      'big-data-center',
      'health',
      'housing',
      'human-resources',
      'market-supervision',
      'public-security',
      'service-center',
      'tax',
    ]);
    expect(new Set(Object.values(body.subgraphs))).toEqual(new Set(['answering']));
    expect(body.departments['public-security']).toEqual({
      legacy: 'reachable',
      breakers: { 'person.byId': 'closed' },
    });
    expect(body.departments.tax.breakers).toEqual({ 'taxStatus.byUscc': 'closed' });
  });

  it('serves its GraphiQL explorer and every asset it loads from its own origin, never from a CDN', async () => {
    const page = await get(`${origin}/`, 'text/html');
    expect(page.status).toBe(200);
    const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources).toEqual([
      '/explorer/graphiql.css',
      '/explorer/react.js',
      '/explorer/react-dom.js',
      '/explorer/graphiql.js',
    ]);
    expect(page.text).not.toMatch(/https?:\/\//);
    for (const src of sources) {
      const asset = await get(origin + src, '*/*');
      expect([asset.status, asset.type]).toEqual([
        200,
        src.endsWith('.css') ? 'text/css' : 'text/javascript',
      ]);
      expect(asset.text.length).toBeGreaterThan(1_000);
    }
  });

  it('refuses an oversized request with 413 and REQUEST_TOO_LARGE, without cutting the connection first', async () => {
    const big = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(2_000_000) } });
    // Once with a Content-Length that says it all, once streamed (chunked) so only the bytes tell.
    for (const body of [big, Readable.from([big.slice(0, 1_000_000), big.slice(1_000_000)])]) {
      const res = await request(stack.gateway.url, {
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

  it('drains a request in flight when it is closed, then refuses new ones', async () => {
    const own = await startStack();
    try {
      own.mocks['public-security']!.controller.set({ latencyMs: 300 });
      const inFlight = own.query('query($id: ID!) { person(id: $id) { name } }', { id: GOLDEN.liNa });
      await new Promise((r) => setTimeout(r, 100));
      const closing = own.gateway.close();
      expect(await inFlight).toEqual({ status: 200, body: { data: { person: { name: '李娜' } } } });
      await closing;
      await expect(own.query('{ __typename }')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      own.gateway.close = async () => undefined;
      await own.close();
    }
  });

  it('compresses an answer the client accepts compressed, and only then', async () => {
    const query = '{ matters(first: 50) { edges { node { code name nameEn } } } }';
    const send = async (acceptEncoding?: string) =>
      request(stack.gateway.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(await stack.authHeaders()),
          ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
        },
        body: JSON.stringify({ query }),
      });
    const plain = await send();
    expect(plain.headers['content-encoding']).toBeUndefined();
    const text = await plain.body.text();
    const br = await send('gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    const bytes = Buffer.from(await br.body.arrayBuffer());
    expect(bytes.length).toBeLessThan(Buffer.byteLength(text) / 2);
    expect(zlib.brotliDecompressSync(bytes).toString()).toBe(text);
  });

  it('keeps every other department when a whole subgraph is down, naming the missing one', async () => {
    await stack.subgraphs['housing']!.close();
    const { body } = await stack.query(
      'query($id: ID!) { person(id: $id) { name properties { address } socialSecurity { cardNumber } } }',
      { id: GOLDEN.zhangWei },
    );
    expect(body.data).toEqual({
      person: { name: '张伟', properties: null, socialSecurity: { cardNumber: 'SH0017350017' } },
    });
    expect(body.errors).toEqual([
      {
        message: 'department housing did not answer',
        extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'housing' },
      },
    ]);
    const ready = await get(`${origin}/ready`);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text).subgraphs.housing).toMatch(/^unreachable/);
  });
});
