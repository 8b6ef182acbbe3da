import type http from 'node:http';
import { randomBytes } from 'node:crypto';
import { newAdapterContext, type AdapterContext } from '../../adapters/kit/operation';

/** What every resolver gets: the request's adapter context (loaders, trace) and who asks. */
export interface SubgraphContext {
  adapter: AdapterContext;
  traceId: string;
  /** The channel the request came from (counter, portal, terminal, app), from `x-channel`. */
  channel: string;
}

/** Trace id from a W3C `traceparent` header, or a new one. */
export function traceIdFrom(headers: http.IncomingHttpHeaders): string {
  const tp = headers['traceparent'];
  const m = typeof tp === 'string' ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(tp) : null;
  return m ? m[1]! : randomBytes(16).toString('hex');
}

export function buildContext(req: http.IncomingMessage): SubgraphContext {
  const traceId = traceIdFrom(req.headers);
  const channel = typeof req.headers['x-channel'] === 'string' ? req.headers['x-channel'] : 'unknown';
  return { adapter: newAdapterContext({ traceId }), traceId, channel };
}
