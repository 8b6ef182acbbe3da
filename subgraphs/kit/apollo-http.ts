import http from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { ERROR_CODES } from '../../adapters/kit/error-codes';
import { isDataLayerError } from '../../adapters/kit/errors';
import { logger } from '../../adapters/kit/logger';
import { compressFor } from './compression';
import { answered, bridging } from './telemetry-plugin';

/** Largest request body accepted, in bytes, before a 413. @default 1_048_576 (1 MiB) */
export const MAX_BODY_BYTES = 1_048_576;

class BodyTooLarge extends Error {
  constructor(limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

/**
 * The request body, refused past `limit` bytes: at once when Content-Length says so, or
 * as soon as the bytes received pass it. What is left is read and thrown away, so the
 * client is not stuck writing and receives the 413.
 */
export function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      req.removeAllListeners('data');
      req.resume();
      reject(new BodyTooLarge(limit));
    };
    if (Number(req.headers['content-length']) > limit) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) return tooLarge();
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** How a request's GraphQL context is built: from its parsed body and its headers (a batch entry's own). */
export type ContextBuilder<C> = (body: unknown, headers: http.IncomingHttpHeaders) => Promise<C>;

/** The request body; past MAX_BODY_BYTES, null once a 413 REQUEST_TOO_LARGE was answered (with `headers` too). */
export async function readBodyOr413(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  headers: Record<string, string> = {},
): Promise<Buffer | null> {
  try {
    return await readBody(req);
  } catch (e) {
    if (!(e instanceof BodyTooLarge)) throw e;
    // The connection closes after the answer: the rest of a huge body is not worth reading.
    res.writeHead(413, { 'content-type': 'application/json', connection: 'close', ...headers });
    res.end(errorJson(e.message, 'REQUEST_TOO_LARGE'));
    return null;
  }
}

/**
 * Bridges one Node HTTP request to Apollo Server (no web framework: fewer layers on the
 * hot path) and writes its answer back. Never rejects: a failure of the bridge itself is
 * logged and answered 500 with no detail.
 */
export async function handleGraphQL<C extends BaseContext>(
  apollo: ApolloServer<C>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  context: ContextBuilder<C>,
  options: BridgeOptions = {},
): Promise<void> {
  try {
    await bridge(apollo, req, res, context, options);
  } catch (e) {
    logger.error({ err: e }, 'GraphQL request failed');
    if (!res.headersSent)
      sendJson(res, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL' } }] });
    else res.destroy();
  }
}

/**
 * Turns the request Apollo is about to run into another (the gateway's persisted-operation
 * safelist puts a registered operation's text in place of its id); throws a DataLayerError to refuse it.
 */
export type RequestRewrite = (r: { body: unknown; search: string }) => { body: unknown; search: string };

export interface BridgeOptions {
  /** Rewrites the request before it runs (the gateway's safelist, its NUL refusal). */
  rewrite?: RequestRewrite;
  /** Compress answers of 1 KiB and more as the client accepts (brotli, gzip): the gateway's, for the app and portal on slow links. */
  compress?: boolean;
}

/** One GraphQL request as HTTP delivered it: on its own connection, or as an entry of a batch (batch.ts). */
export interface GraphQLExchange {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer | string;
}

/** Apollo's answer to one exchange: its status, headers and body (whole, or in parts when it streams). */
export interface GraphQLAnswer {
  status: number;
  headers: Record<string, string>;
  body:
    { kind: 'complete'; string: string } | { kind: 'chunked'; asyncIterator: AsyncIterableIterator<string> };
}

/** A GraphQL error answer's body: one error with its message and registry code. */
export function errorJson(message: string, code: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

const errorAnswer = (status: number, message: string, code: string): GraphQLAnswer => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: { kind: 'complete', string: errorJson(message, code) },
});

/**
 * Runs one exchange through Apollo Server: its body parsed, the rewrite and the context (who
 * asks, what may run) settled first, so a refusal is answered with its own HTTP status and code.
 * Rejects only on a failure of its own (not a DataLayerError), which the caller answers 500.
 */
export async function answerGraphQL<C extends BaseContext>(
  apollo: ApolloServer<C>,
  exchange: GraphQLExchange,
  context: ContextBuilder<C>,
  rewrite?: RequestRewrite,
): Promise<GraphQLAnswer> {
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(exchange.headers)) {
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  }
  const url = new URL(exchange.url, 'http://localhost');
  let body: unknown = undefined;
  if (exchange.body.length > 0 && (headers.get('content-type') ?? '').includes('application/json')) {
    try {
      body = JSON.parse(exchange.body.toString());
    } catch {
      return errorAnswer(400, 'request body is not valid JSON', 'BAD_REQUEST');
    }
  }
  let contextValue: C;
  let search = url.search;
  try {
    if (rewrite) ({ body, search } = rewrite({ body, search }));
    contextValue = await context(body, exchange.headers);
  } catch (e) {
    if (!isDataLayerError(e)) throw e;
    return errorAnswer(ERROR_CODES[e.code].status, e.message, e.code);
  }
  const httpGraphQLRequest = { method: exchange.method.toUpperCase(), headers, search, body };
  let result: Awaited<ReturnType<typeof apollo.executeHTTPGraphQLRequest>>;
  bridging(httpGraphQLRequest);
  try {
    result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => contextValue,
    });
  } catch (e) {
    answered(httpGraphQLRequest, undefined);
    throw e;
  }
  // Every plugin is done with it (the audit trail's commit too): counted as it was answered.
  answered(httpGraphQLRequest, result.status ?? 200);
  const outHeaders: Record<string, string> = {};
  for (const [k, v] of result.headers) outHeaders[k] = v;
  return { status: result.status ?? 200, headers: outHeaders, body: result.body };
}

async function bridge<C extends BaseContext>(
  apollo: ApolloServer<C>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  context: ContextBuilder<C>,
  options: BridgeOptions,
): Promise<void> {
  const raw = await readBodyOr413(req, res);
  if (!raw) return;
  const answer = await answerGraphQL(
    apollo,
    { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: raw },
    context,
    options.rewrite,
  );
  const outHeaders = answer.headers;
  if (answer.body.kind === 'complete') {
    const header = req.headers['accept-encoding'];
    const { encoding, bytes } = options.compress
      ? await compressFor(typeof header === 'string' ? header : undefined, answer.body.string)
      : { encoding: null, bytes: answer.body.string };
    if (encoding) {
      outHeaders['content-encoding'] = encoding;
      outHeaders.vary = 'accept-encoding';
    }
    res.writeHead(answer.status, outHeaders);
    res.end(bytes);
    return;
  }
  res.writeHead(answer.status, outHeaders);
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
