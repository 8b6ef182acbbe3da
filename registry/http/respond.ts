import type http from 'node:http';
import { ERROR_CODES } from '../../adapters/kit/error-codes';
import { DataLayerError, isDataLayerError } from '../../adapters/kit/errors';
import { logger } from '../../adapters/kit/logger';
import { MAX_BODY_BYTES, readBody, sendJson } from '../../subgraphs/kit/apollo-http';
import { RegistryRefusal } from '../checks/report';
import { reportView } from './views';

export { sendJson };

/** The SDL routes' answer. */
export function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/**
 * An error as the API answers it: the code's HTTP status (ERROR_CODES), `{ error: { code, message } }`,
 * and the check report for a refused publish. Anything untyped is logged and answered 500 INTERNAL
 * with no detail.
 */
export function sendError(res: http.ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (!isDataLayerError(e)) {
    logger.error({ err: e }, 'registry API request failed');
    sendJson(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
    return;
  }
  const body: Record<string, unknown> = { error: { code: e.code, message: e.message } };
  if (e instanceof RegistryRefusal) body.report = reportView(e.report);
  // A refused huge body is not worth reading further: close after answering.
  if (e.code === 'REQUEST_TOO_LARGE') res.setHeader('connection', 'close');
  sendJson(res, ERROR_CODES[e.code].status, body);
}

/**
 * The request's JSON body: REQUEST_TOO_LARGE past 1 MiB, BAD_REQUEST when it is not
 * `application/json` or does not parse, or is not an object.
 */
export async function readJsonObject(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new DataLayerError('BAD_REQUEST', 'send a JSON body with content-type: application/json');
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES);
  } catch (e) {
    // readBody fails either because the body passed the limit or because the client's stream broke.
    if (req.errored) throw e;
    throw new DataLayerError('REQUEST_TOO_LARGE', `request body over ${MAX_BODY_BYTES} bytes (1 MiB)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DataLayerError('BAD_REQUEST', 'request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new DataLayerError('BAD_REQUEST', 'request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** `?limit=` as a whole number from 1 to `max`, else `fallback`; anything else is INVALID_ARGUMENT. */
export function limitParam(url: URL, fallback: number, max = 1000): number {
  const raw = url.searchParams.get('limit');
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
    throw new DataLayerError('INVALID_ARGUMENT', `limit must be a whole number from 1 to ${max}`);
  return Number(raw);
}
