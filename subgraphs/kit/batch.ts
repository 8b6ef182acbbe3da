import http from 'node:http';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { ERROR_CODES } from '../../adapters/kit/error-codes';
import { DataLayerError, isDataLayerError } from '../../adapters/kit/errors';
import { logger } from '../../adapters/kit/logger';
import { metrics } from '../../adapters/kit/metrics';
import {
  answerGraphQL,
  errorJson,
  readBodyOr413,
  type ContextBuilder,
  type GraphQLAnswer,
} from './apollo-http';

/**
 * Marks a POST (and every answer to it) as a batch: several GraphQL requests of the gateway's in
 * one HTTP exchange, each with the headers it would have had on its own connection.
 */
export const BATCH_HEADER = 'x-owdl-batch';
/** Most requests one batch may carry. */
export const MAX_BATCH_ENTRIES = 64;
/** Most bytes of one entry's header names and values, as Node allows a request's own (16 KiB). */
export const MAX_ENTRY_HEADER_BYTES = 16 * 1024;

/** One request of a batch: the headers and body it would have had on its own. */
export interface BatchEntry {
  headers: Record<string, string>;
  body: string;
}

/** One answer of a batch: what the request alone would have got. */
export interface BatchReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The entries of a batch's body; a DataLayerError (BAD_REQUEST, REQUEST_TOO_LARGE) for anything else. */
export function parseBatch(raw: string): BatchEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new DataLayerError('BAD_REQUEST', 'batch body is not valid JSON');
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new DataLayerError('BAD_REQUEST', 'a batch is a non-empty array of { headers, body }');
  if (parsed.length > MAX_BATCH_ENTRIES)
    throw new DataLayerError(
      'REQUEST_TOO_LARGE',
      `a batch carries at most ${MAX_BATCH_ENTRIES} requests, this one ${parsed.length}`,
    );
  return parsed.map((entry: unknown, i) => {
    if (!isPlainObject(entry) || !isPlainObject(entry.headers) || typeof entry.body !== 'string')
      throw new DataLayerError('BAD_REQUEST', `batch entry ${i} is not { headers, body }`);
    const headers: Record<string, string> = {};
    let bytes = 0;
    for (const [k, v] of Object.entries(entry.headers)) {
      if (typeof v !== 'string')
        throw new DataLayerError('BAD_REQUEST', `batch entry ${i}: header ${k} is not a string`);
      bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
      if (bytes > MAX_ENTRY_HEADER_BYTES)
        throw new DataLayerError(
          'REQUEST_TOO_LARGE',
          `batch entry ${i}: headers over ${MAX_ENTRY_HEADER_BYTES} bytes`,
        );
      headers[k.toLowerCase()] = v;
    }
    return { headers, body: entry.body };
  });
}

async function wholeBody(answer: GraphQLAnswer): Promise<string> {
  if (answer.body.kind === 'complete') return answer.body.string;
  let text = '';
  for await (const chunk of answer.body.asyncIterator) text += chunk;
  return text;
}

const INTERNAL_REPLY: BatchReply = {
  status: 500,
  headers: { 'content-type': 'application/json' },
  body: errorJson('internal error', 'INTERNAL'),
};

/**
 * Answers a batch: every entry runs as the request it carries would on its own (its own signed
 * context checked against its own body, its own deadline, trace and audit), all at once. Each
 * answer is sent as soon as it is ready, one JSON line `{ i, status, headers, body }` (i: the
 * entry's place in the batch), the answers ready in the same turn of the event loop in one write:
 * a quick entry never waits for a slow one. What a subgraph does per request is unchanged; the
 * gateway and the subgraph only share the exchange, so under load one wake-up and one socket
 * write serve the several requests of a turn of the gateway's event loop. An entry that fails is
 * answered on its own (its status and code); only a body that is no batch fails the whole
 * exchange, answered with the batch header so the gateway knows this subgraph takes batches.
 * Every entry's work ends by its own deadline header, or when the exchange closes. Never rejects.
 */
export async function handleBatch<C extends BaseContext>(
  apollo: ApolloServer<C>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  context: ContextBuilder<C>,
): Promise<void> {
  const answerWhole = (status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json', [BATCH_HEADER]: '1' });
    res.end(body);
  };
  try {
    const raw = await readBodyOr413(req, res, { [BATCH_HEADER]: '1' });
    if (!raw) return;
    let entries: BatchEntry[];
    try {
      entries = parseBatch(raw.toString('utf8'));
    } catch (e) {
      if (!isDataLayerError(e)) throw e;
      return answerWhole(ERROR_CODES[e.code].status, errorJson(e.message, e.code));
    }
    metrics.batchEntries.observe(entries.length);
    res.writeHead(200, { 'content-type': 'application/x-ndjson', [BATCH_HEADER]: '1' });
    // Each entry's context ends with the exchange (context.ts listens for its close).
    res.setMaxListeners(MAX_BATCH_ENTRIES + 10);
    let ready = '';
    const flush = () => {
      if (!ready) return;
      res.write(ready);
      ready = '';
    };
    await Promise.all(
      entries.map(async (entry, i) => {
        let reply: BatchReply;
        try {
          const answer = await answerGraphQL(
            apollo,
            { method: req.method ?? 'POST', url: req.url ?? '/', headers: entry.headers, body: entry.body },
            context,
          );
          reply = { status: answer.status, headers: answer.headers, body: await wholeBody(answer) };
        } catch (e) {
          logger.error(
            { err: e, traceparent: entry.headers.traceparent },
            'GraphQL request of a batch failed',
          );
          reply = INTERNAL_REPLY;
        }
        if (!ready) setImmediate(flush);
        ready += `${JSON.stringify({ i, ...reply })}\n`;
      }),
    );
    // The last answers go with the end (a flush still queued then finds nothing left).
    res.end(ready);
    ready = '';
  } catch (e) {
    logger.error({ err: e }, 'GraphQL batch failed');
    if (!res.headersSent) answerWhole(500, errorJson('internal error', 'INTERNAL'));
    else res.destroy();
  }
}
