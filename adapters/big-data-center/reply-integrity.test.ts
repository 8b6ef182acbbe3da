import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import { createBigDataCenterAdapter, type BigDataCenterAdapter } from './index';

let mock: MockHandle;
let adapter: BigDataCenterAdapter;

beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 50 }),
    baseLatencyMs: 0,
  });
});
afterAll(() => mock.close());
// A fresh adapter per test: its breaker must not carry failures from one test into the next.
beforeEach(() => {
  mock.controller.clear();
  mock.controller.resetCounts();
  adapter = createBigDataCenterAdapter({ url: mock.url });
});
afterEach(() => adapter.close());

function failure(p: Promise<unknown>): Promise<Pick<DataLayerError, 'code' | 'retryAfter' | 'message'>> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: DataLayerError) => ({ code: e.code, retryAfter: e.retryAfter, message: e.message }),
  );
}

/** A man in the middle: forwards to the mock, then lets `alter` change the reply body (keeping the signature). */
async function tamperingProxy(
  alter: (body: string) => string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const upstream = await request(mock.url + (req.url ?? '/'), {
        method: req.method as 'POST',
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      const text = alter(await upstream.body.text());
      const { 'content-type': type, 'x-response-signature': signature } = upstream.headers;
      res.writeHead(upstream.statusCode, {
        'content-type': type,
        'x-response-signature': signature,
      } as http.OutgoingHttpHeaders);
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('reply integrity', () => {
  it('turns garbage into BAD_LEGACY_REPLY', async () => {
    mock.controller.set({ garbage: true });
    const err = await failure(adapter.certificate(newAdapterContext(), 'PS-ID-' + GOLDEN.zhangWei));
    expect([err.code, err.message]).toEqual([
      'BAD_LEGACY_REPLY',
      'big-data-center: the reply carries no X-Response-Signature',
    ]);
  });

  it('turns a reply altered on the way into BAD_LEGACY_REPLY', async () => {
    const proxy = await tamperingProxy((body) => body.replace('"status":"EXPIRED"', '"status":"VALID"'));
    const viaProxy = createBigDataCenterAdapter({ url: proxy.url });
    try {
      const err = await failure(viaProxy.certificate(newAdapterContext(), 'HL-PPH-2023-0107-0412'));
      expect([err.code, err.message]).toEqual([
        'BAD_LEGACY_REPLY',
        'big-data-center: the reply does not match its X-Response-Signature (altered on the way, or not from the platform)',
      ]);
    } finally {
      await viaProxy.close();
      await proxy.close();
    }
  });

  it('passes an untouched reply through the same proxy', async () => {
    const proxy = await tamperingProxy((body) => body);
    const viaProxy = createBigDataCenterAdapter({ url: proxy.url });
    try {
      expect((await viaProxy.certificate(newAdapterContext(), 'HL-PPH-2023-0107-0412'))?.status).toBe(
        'EXPIRED',
      );
    } finally {
      await viaProxy.close();
      await proxy.close();
    }
  });
});

describe('platform errors', () => {
  it('turns 429 into RATE_LIMITED with its Retry-After', async () => {
    mock.controller.set({ rateLimitPerSecond: 0 });
    const err = await failure(adapter.certificate(newAdapterContext(), 'PS-ID-' + GOLDEN.zhangWei));
    expect([err.code, err.retryAfter]).toEqual(['RATE_LIMITED', 1]);
  });

  it('turns 503 with Retry-After into IN_MAINTENANCE', async () => {
    mock.controller.set({ maintenanceRetryAfter: 600 });
    const err = await failure(
      adapter.certificatesByHolder(newAdapterContext(), { type: 'PERSON', id: GOLDEN.zhangWei }),
    );
    expect([err.code, err.retryAfter]).toEqual(['IN_MAINTENANCE', 600]);
  });

  it('turns a 500 into DEPARTMENT_UNAVAILABLE', async () => {
    mock.controller.set({ errorRate: 1 });
    const err = await failure(adapter.certificate(newAdapterContext(), 'PS-ID-' + GOLDEN.zhangWei));
    expect([err.code, err.message]).toEqual([
      'DEPARTMENT_UNAVAILABLE',
      'big-data-center answered HTTP 500 INTERNAL_ERROR',
    ]);
  });

  it('turns a refused connection into DEPARTMENT_UNAVAILABLE', async () => {
    const gone = createBigDataCenterAdapter({ url: 'http://127.0.0.1:1' });
    try {
      const err = await failure(gone.certificate(newAdapterContext(), 'PS-ID-' + GOLDEN.zhangWei));
      expect(err.code).toBe('DEPARTMENT_UNAVAILABLE');
    } finally {
      await gone.close();
    }
  });
});
