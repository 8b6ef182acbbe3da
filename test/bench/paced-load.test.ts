import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runPaced } from './paced-load';

/** A server answering each POST after `delayMs`: 500 for a body `fail`, a GraphQL error for `error`. */
async function slowServer(delayMs: number) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () =>
      setTimeout(() => {
        res.writeHead(body === 'fail' ? 500 : 200, { 'content-type': 'application/json' });
        res.end(body === 'error' ? '{"errors":[{"extensions":{"code":"FORBIDDEN"}}]}' : '{"data":{}}');
      }, delayMs),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ok = () => ({ body: 'ok', headers: {} });
const pace = (url: string, rate: number, seconds: number, connections: number, next = ok) =>
  runPaced({ url, rate, seconds, connections, label: 'test', next });

describe('runPaced', () => {
  it('sends rate × seconds requests and counts each kind of error', async () => {
    const server = await slowServer(20);
    let n = 0;
    try {
      const run = await pace(server.url, 200, 0.5, 20, () => ({
        body: ++n % 10 === 0 ? 'fail' : n % 10 === 5 ? 'error' : 'ok',
        headers: {},
      }));
      expect(run.requests).toBe(100);
      expect(n).toBe(100);
      expect(run.non2xx).toBe(10);
      expect(run.graphqlErrors).toBe(10);
      expect(run.codes).toEqual({ 'HTTP 500': 10, FORBIDDEN: 10 });
      expect(run.failed).toBe(0);
      expect(Math.min(...run.latenciesMs)).toBeGreaterThanOrEqual(19);
      // Timed from when each was due, not from the run's start (the last would then take ~500 ms).
      expect(Math.max(...run.latenciesMs)).toBeLessThan(200);
      expect(run.sendLateMs).toHaveLength(100);
      expect(Math.min(...run.sendLateMs)).toBeGreaterThanOrEqual(0);
      // 100 requests due over 0.5 s, the last answered ~20 ms after it was due.
      expect(run.durationSec).toBeGreaterThan(0.5);
    } finally {
      await server.close();
    }
  });

  it('times each request from when it was due, so a server that falls behind shows in the latencies', async () => {
    // 50 requests due within 0.5 s on 10 connections to a server taking 300 ms each: the last wait
    // for four rounds before theirs (~1.5 s after the first was sent, ~1 s after they were due).
    // Timed from when a connection sent them, every latency would be ~300 ms.
    const server = await slowServer(300);
    try {
      const run = await pace(server.url, 100, 0.5, 10);
      expect(run.requests).toBe(50);
      expect(Math.max(...run.latenciesMs)).toBeGreaterThan(900);
      expect(Math.min(...run.latenciesMs)).toBeGreaterThanOrEqual(299);
    } finally {
      await server.close();
    }
  });

  it('counts a request with no answer as failed', async () => {
    const server = await slowServer(0);
    await server.close();
    const run = await pace(server.url, 100, 0.1, 2);
    expect(run.requests).toBe(0);
    expect(run.failed).toBe(10);
    expect(run.codes).toEqual({ 'no answer': 10 });
  });
});
