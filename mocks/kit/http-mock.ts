import http from 'node:http';
import iconv from 'iconv-lite';
import { FaultController, GARBAGE, RECEIVED_MAX_CHARS, sleep } from './faults';

export interface HttpMockRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpMockReply {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/** How one legacy HTTP protocol says its errors; the fault layer uses these. */
export interface HttpProtocol {
  /** Names the operation a request is for (for the counters), e.g. `QueryPersonBatch`. */
  operation(req: HttpMockRequest): string;
  /** How many keys (ids) the request asks for; 1 when the protocol carries one. */
  keys?(req: HttpMockRequest): number;
  /** The protocol's own server error (a SOAP Fault, a JSON 500...). */
  serverError(req: HttpMockRequest): HttpMockReply;
  rateLimited(retryAfter: number): HttpMockReply;
  maintenance(retryAfter: number): HttpMockReply;
  /** Content type of garbage replies, so garbage looks like the protocol at first glance. */
  contentType: string;
}

/**
 * An HTTP server for a legacy protocol with the fault layer in front of the handler:
 * counts every request, then applies latency, maintenance, rate limit, hang, garbage
 * and error rate as the FaultController says.
 */
export function createHttpMockServer(
  controller: FaultController,
  protocol: HttpProtocol,
  handle: (req: HttpMockRequest) => Promise<HttpMockReply> | HttpMockReply,
): http.Server {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://mock');
      const mreq: HttpMockRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const send = (r: HttpMockReply) => {
        if (res.destroyed) return;
        res.writeHead(r.status, r.headers ?? {});
        res.end(r.body);
      };
      let operation = 'unknown';
      try {
        operation = protocol.operation(mreq);
      } catch {
        /* an unparsable request is still counted */
      }
      controller.noteReceived(receivedText(mreq.method, req.url ?? '/', mreq.headers, mreq.body));
      controller.count(operation, protocol.keys ? safeKeys(protocol, mreq) : 1);
      controller.noteTrace(req.headers.traceparent);
      const decision = controller.decide();
      if (decision.kind === 'hang') return; // never answer; the socket stays open until the client gives up
      await sleep(controller.latency());
      try {
        switch (decision.kind) {
          case 'maintenance':
            return send(protocol.maintenance(decision.retryAfter));
          case 'rateLimited':
            return send(protocol.rateLimited(decision.retryAfter));
          case 'garbage':
            return send({ status: 200, headers: { 'content-type': protocol.contentType }, body: GARBAGE });
          case 'error':
            return send(protocol.serverError(mreq));
          default:
            return send(await handle(mreq));
        }
      } catch (e) {
        console.error('mock handler failed:', e);
        send(protocol.serverError(mreq));
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

/**
 * A request as the legacy system reads it: the method and the request target exactly as sent
 * (not normalised, so `../` and percent-escapes stay visible), then the body decoded in the
 * charset its Content-Type names (GB18030 SOAP, a GBK id list; UTF-8 when none or unknown).
 * Only the first bytes a record keeps are decoded, so a huge body costs no more than a small one.
 */
export function receivedText(
  method: string,
  target: string,
  headers: http.IncomingHttpHeaders,
  body: Buffer,
): string {
  const line = `${method} ${target}`;
  if (body.length === 0) return line;
  const charset = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(String(headers['content-type'] ?? ''))?.[1];
  const head = body.subarray(0, 4 * RECEIVED_MAX_CHARS); // no character takes more than 4 bytes
  return `${line}\n${iconv.decode(head, charset && iconv.encodingExists(charset) ? charset : 'utf8')}`;
}

function safeKeys(protocol: HttpProtocol, req: HttpMockRequest): number {
  try {
    return protocol.keys!(req);
  } catch {
    return 1;
  }
}
