import http from 'node:http';
import iconv from 'iconv-lite';
import { request } from 'undici';
import { FaultController, RECEIVED_LIMIT, RECEIVED_MAX_CHARS } from './faults';
import { createHttpMockServer, type HttpProtocol } from './http-mock';
import { startMock, type MockHandle } from './mock-server';

const protocol: HttpProtocol = {
  operation: () => 'op',
  serverError: () => ({ status: 500, body: 'boom' }),
  rateLimited: () => ({ status: 429, body: 'slow down' }),
  maintenance: () => ({ status: 503, body: 'maintenance' }),
  contentType: 'text/plain',
};

/** One request with the target exactly as given (node:http does not normalise `..` or escapes). */
function send(
  mock: MockHandle,
  method: string,
  path: string,
  body?: Buffer,
  contentType?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      mock.url + '/',
      { method, path, headers: contentType ? { 'content-type': contentType } : {} },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the record of received requests', () => {
  it('keeps the last RECEIVED_LIMIT requests, oldest first, each cut at RECEIVED_MAX_CHARS', () => {
    const c = new FaultController(0);
    for (let i = 0; i < RECEIVED_LIMIT + 3; i++) c.noteReceived(`r${i}`);
    expect(c.received()).toHaveLength(RECEIVED_LIMIT);
    expect(c.received()[0]).toBe('r3');
    expect(c.received()[RECEIVED_LIMIT - 1]).toBe(`r${RECEIVED_LIMIT + 2}`);
    c.noteReceived('x'.repeat(RECEIVED_MAX_CHARS + 10));
    expect(c.received().at(-1)).toHaveLength(RECEIVED_MAX_CHARS);
  });

  it('is forgotten by resetReceived and by resetCounts, and is a copy', () => {
    const c = new FaultController(0);
    c.noteReceived('a');
    c.received().push('not kept');
    expect(c.received()).toEqual(['a']);
    c.resetReceived();
    expect(c.received()).toEqual([]);
    c.noteReceived('b');
    c.count('op');
    c.resetCounts();
    expect(c.received()).toEqual([]);
  });
});

describe('an HTTP mock records what it received', () => {
  let mock: MockHandle;
  beforeEach(async () => {
    const controller = new FaultController(0);
    const server = createHttpMockServer(controller, protocol, () => ({ status: 200, body: 'ok' }));
    mock = await startMock('test', 'http', server as http.Server, controller);
  });
  afterEach(() => mock.close());

  it('keeps the request target as sent, without resolving dot segments or escapes', async () => {
    await send(mock, 'GET', '/api/../../admin?q=%2e%2e%2F&x=1&y=2');
    expect(mock.controller.received()).toEqual(['GET /api/../../admin?q=%2e%2e%2F&x=1&y=2']);
  });

  it('decodes the body in the charset its Content-Type names', async () => {
    const xml = '<a>张伟𠮷 &lt;/a&gt;</a>';
    await send(mock, 'POST', '/soap', iconv.encode(xml, 'gb18030'), 'text/xml; charset=GB18030');
    await send(mock, 'POST', '/csv', iconv.encode('汉字\r\n', 'gbk'), 'text/plain; charset=GBK');
    await send(mock, 'POST', '/json', Buffer.from('{"a":"é"}'), 'application/json');
    expect(mock.controller.received()).toEqual([
      `POST /soap\n${xml}`,
      'POST /csv\n汉字\r\n',
      'POST /json\n{"a":"é"}',
    ]);
  });

  it('records requests the fault layer answers too, and shows them on GET /received', async () => {
    mock.controller.set({ maintenanceRetryAfter: 10 });
    expect(await send(mock, 'GET', '/x')).toBe(503);
    const res = await request(mock.adminUrl + '/received');
    expect(await res.body.json()).toEqual(['GET /x']);
  });
});
