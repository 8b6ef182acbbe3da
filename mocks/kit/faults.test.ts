import http from 'node:http';
import { request } from 'undici';
import { FaultController } from './faults';
import { createHttpMockServer, type HttpProtocol } from './http-mock';
import { startMock, type MockHandle } from './mock-server';

const protocol: HttpProtocol = {
  operation: (req) => req.path.slice(1) || 'root',
  keys: (req) => Number(req.query.get('n') ?? 1),
  serverError: () => ({ status: 500, body: 'boom' }),
  rateLimited: (s) => ({ status: 429, headers: { 'retry-after': String(s) }, body: 'slow down' }),
  maintenance: (s) => ({ status: 503, headers: { 'retry-after': String(s) }, body: 'maintenance' }),
  contentType: 'text/plain',
};

describe('FaultController', () => {
  it('answers an error rate repeatably for the same seed', () => {
    const a = new FaultController(0);
    const b = new FaultController(0);
    a.set({ errorRate: 0.5, seed: 7 });
    b.set({ errorRate: 0.5, seed: 7 });
    const run = (c: FaultController) => Array.from({ length: 200 }, () => c.decide().kind);
    const ra = run(a);
    expect(ra).toEqual(run(b));
    const errors = ra.filter((k) => k === 'error').length;
    expect(errors).toBeGreaterThan(70);
    expect(errors).toBeLessThan(130);
  });

  it('refuses a fault value of the wrong type, naming it', () => {
    expect(() => new FaultController(0).set({ errorRate: 2 })).toThrow('errorRate must be from 0 to 1: 2');
    expect(() => new FaultController(0).set({ hang: 'yes' as never })).toThrow(
      'fault hang must be a number or a boolean: "yes"',
    );
  });
});

describe('a mock behind the fault layer', () => {
  let mock: MockHandle;
  beforeEach(async () => {
    const controller = new FaultController(0);
    const server = createHttpMockServer(controller, protocol, () => ({ status: 200, body: 'ok' }));
    mock = await startMock('test', 'http', server as http.Server, controller);
  });
  afterEach(() => mock.close());

  const get = async (path: string) => {
    const res = await request(mock.url + path, { headersTimeout: 500 });
    return { status: res.statusCode, retryAfter: res.headers['retry-after'], body: await res.body.text() };
  };
  const admin = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => {
    const res = await request(mock.adminUrl + path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.body.json();
  };

  it('counts requests and keys per operation on its admin endpoint', async () => {
    await get('/lookup?n=3');
    await get('/lookup?n=2');
    await get('/other');
    expect(await admin('GET', '/stats')).toMatchObject({
      requests: 3,
      byOperation: { lookup: 2, other: 1 },
      keysByOperation: { lookup: 5, other: 1 },
    });
    await admin('POST', '/reset');
    expect(await admin('GET', '/stats')).toMatchObject({ requests: 0, byOperation: {} });
  });

  it('answers maintenance and rate limit with Retry-After, and heals when faults are cleared', async () => {
    await admin('POST', '/faults', { maintenanceRetryAfter: 120 });
    expect(await get('/x')).toEqual({ status: 503, retryAfter: '120', body: 'maintenance' });
    await admin('POST', '/faults', { rateLimitPerSecond: 1 });
    expect((await get('/x')).status).toBe(200);
    expect(await get('/x')).toMatchObject({ status: 429, retryAfter: '1' });
    await admin('DELETE', '/faults');
    expect(await get('/x')).toEqual({ status: 200, retryAfter: undefined, body: 'ok' });
  });

  it('hangs, refuses connections, and listens again on the same port when healed', async () => {
    await admin('POST', '/faults', { hang: true });
    await expect(get('/x')).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    await admin('POST', '/faults', { refuse: true });
    await expect(get('/x')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await admin('DELETE', '/faults');
    await new Promise((r) => setTimeout(r, 50));
    expect((await get('/x')).status).toBe(200);
  });
});
