import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataLayerError } from './errors';
import { HttpUpstream, retryAfterSeconds } from './http-upstream';
import { LegacyOperation, newAdapterContext } from './operation';

/**
 * A local legacy HTTP server on port 0: `/hang` never answers (and reports when the client
 * goes away), anything else answers 200 with the request's traceparent header.
 */
async function legacyServer() {
  const seen: http.IncomingHttpHeaders[] = [];
  let hanging = 0;
  const closed: (() => void)[] = [];
  let arrived: () => void = () => undefined;
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/hang') {
      hanging++;
      res.on('close', () => {
        hanging--;
        closed.splice(0).forEach((f) => f());
      });
      arrived();
      return;
    }
    res.end(req.headers.traceparent ?? '-');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    hanging: () => hanging,
    /** Resolves when a request to /hang has arrived. */
    arrival: () => new Promise<void>((r) => (arrived = r)),
    /** Resolves when the client has closed a hanging request, or says it did not within `ms`. */
    clientGone: (ms: number) =>
      new Promise<string>((r) => {
        const t = setTimeout(() => r(`still open after ${ms} ms`), ms);
        closed.push(() => {
          clearTimeout(t);
          r('closed');
        });
      }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('HttpUpstream', () => {
  let server: Awaited<ReturnType<typeof legacyServer>>;
  let upstream: HttpUpstream;
  beforeEach(async () => {
    server = await legacyServer();
    upstream = new HttpUpstream({ department: 'health', url: server.url });
  });
  afterEach(async () => {
    await upstream.close();
    await server.close();
  });

  it("sends the call scope's traceparent as a header, beside the call's own headers", async () => {
    const reply = await upstream.request({
      method: 'GET',
      path: '/record',
      headers: { accept: 'application/xml' },
      scope: { traceparent: TRACEPARENT },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toBe(TRACEPARENT);
    expect(server.seen[0]).toMatchObject({ traceparent: TRACEPARENT, accept: 'application/xml' });
  });

  it('sends no traceparent without a call scope', async () => {
    const reply = await upstream.request({ method: 'GET', path: '/record' });
    expect(reply.body.toString()).toBe('-');
    expect(server.seen[0]).not.toHaveProperty('traceparent');
  });

  it("continues the request's trace with a new span when called from a LegacyOperation", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const op = new LegacyOperation<string, string>({
      department: 'http-upstream-trace',
      name: 'record.byId',
      batch: async (keys, scope) => {
        const reply = await upstream.request({ method: 'GET', path: `/record?ids=${keys.join(',')}`, scope });
        return keys.map(() => reply.body.toString());
      },
    });
    const [first, second] = await op.loadMany(newAdapterContext({ traceId }), ['a', 'b']);
    expect(first).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(second).toBe(first); // one batch, one call
    expect(server.seen).toHaveLength(1);
  });

  it("aborts an in-flight request when the call scope's signal aborts: DEPARTMENT_TIMEOUT, socket closed", async () => {
    const call = new AbortController();
    const arrived = server.arrival();
    const request = upstream.request({ method: 'GET', path: '/hang', scope: { signal: call.signal } });
    const failure = request.catch((e: unknown) => e);
    await arrived;
    const gone = server.clientGone(5_000);
    call.abort();
    const error = await failure;
    expect(error).toBeInstanceOf(DataLayerError);
    expect(error).toMatchObject({
      code: 'DEPARTMENT_TIMEOUT',
      department: 'health',
      message: 'health did not answer in time',
    });
    expect(await gone).toBe('closed');
    expect(server.hanging()).toBe(0);
  });

  it("closes the socket of a call the LegacyOperation's timeout gives up on", async () => {
    const op = new LegacyOperation<string, string>({
      department: 'http-upstream-timeout',
      name: 'record.slow',
      policy: { timeoutMs: 100, retry: { attempts: 0 } },
      batch: async (keys, scope) => {
        await upstream.request({ method: 'GET', path: '/hang', scope });
        return keys.map(() => 'never');
      },
    });
    const arrived = server.arrival();
    const failure = op.load(newAdapterContext(), 'a').catch((e: unknown) => e);
    await arrived;
    const gone = server.clientGone(5_000);
    expect(await failure).toMatchObject({
      code: 'DEPARTMENT_TIMEOUT',
      message: 'http-upstream-timeout record.slow: no answer within 100 ms',
    });
    expect(await gone).toBe('closed');
  });

  it('fails DEPARTMENT_TIMEOUT when the headers do not come within headersTimeoutMs', async () => {
    const impatient = new HttpUpstream({ department: 'health', url: server.url, headersTimeoutMs: 50 });
    const gone = server.clientGone(5_000);
    await expect(impatient.request({ method: 'GET', path: '/hang' })).rejects.toMatchObject({
      code: 'DEPARTMENT_TIMEOUT',
      department: 'health',
    });
    expect(await gone).toBe('closed');
    await impatient.close();
  });

  it('fails DEPARTMENT_UNAVAILABLE when the connection is refused', async () => {
    const closed = await legacyServer();
    await closed.close();
    const nowhere = new HttpUpstream({ department: 'health', url: closed.url });
    await expect(nowhere.request({ method: 'GET', path: '/record' })).rejects.toMatchObject({
      code: 'DEPARTMENT_UNAVAILABLE',
      department: 'health',
      message: 'health is unreachable',
    });
    await nowhere.close();
  });

  it('refuses options that are not positive numbers, naming them', () => {
    expect(() => new HttpUpstream({ department: 'health', url: server.url, connections: 0 })).toThrow(
      'connections must be a positive number: 0',
    );
    expect(() => new HttpUpstream({ department: 'health', url: 'nope' })).toThrow(
      'url must be an absolute URL: nope',
    );
    expect(() => new HttpUpstream({ department: 'health', url: 'health:5103' })).toThrow(
      'url must be an http:// or https:// URL: health:5103',
    );
  });
});

describe('retryAfterSeconds', () => {
  afterEach(() => jest.useRealTimers());

  it('reads delta-seconds, trimmed, and the first of repeated headers', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds(' 7 ')).toBe(7);
    expect(retryAfterSeconds('0')).toBe(0);
    expect(retryAfterSeconds(['3', '9'])).toBe(3);
  });

  it('reads an HTTP date as the seconds from now until then, rounded up', () => {
    jest.useFakeTimers({ now: Date.parse('2024-05-01T12:00:00.500Z') });
    expect(retryAfterSeconds('Wed, 01 May 2024 12:01:30 GMT')).toBe(90);
    expect(retryAfterSeconds('Wednesday, 01-May-24 12:01:30 GMT')).toBe(90); // RFC 850
    expect(retryAfterSeconds('Wed May  1 12:01:30 2024')).toBe(90); // asctime, read as GMT
  });

  it('reads an HTTP date in the past as 0', () => {
    jest.useFakeTimers({ now: Date.parse('2024-05-01T12:00:00Z') });
    expect(retryAfterSeconds('Wed, 01 May 2024 11:00:00 GMT')).toBe(0);
  });

  it('gives undefined for a missing, empty or unreadable value', () => {
    expect(retryAfterSeconds(undefined)).toBeUndefined();
    expect(retryAfterSeconds('')).toBeUndefined();
    expect(retryAfterSeconds([])).toBeUndefined();
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });

  it('gives undefined for numbers that are not delta-seconds rather than reading them as dates', () => {
    // Date.parse('-5') and Date.parse('1.5') are dates in 2001 for V8: 0 s, an immediate retry.
    expect(retryAfterSeconds('-5')).toBeUndefined();
    expect(retryAfterSeconds('1.5')).toBeUndefined();
  });
});
