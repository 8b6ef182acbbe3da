import type http from 'node:http';
import { randomHex } from '../../adapters/kit/random-hex';
import { newAdapterContext, type AdapterContext } from '../../adapters/kit/operation';
import type { TrustContext } from '../../trust/context/trust-context';
import { AccessLog } from './access-log';
import type { StaleField } from './staleness-plugin';

/** What every resolver gets: the request's adapter context (loaders, trace) and who asks. */
export interface SubgraphContext {
  adapter: AdapterContext;
  traceId: string;
  /** The channel the request came from (counter, portal, terminal, app), from `x-channel`. */
  channel: string;
  /** Who asks, why, and whose data they may see: the gateway's signed context, verified. */
  trust?: TrustContext;
  /** The reads of personal data this request made, for the audit trail (enforce-policy.ts). */
  access?: AccessLog;
  /** Fields answered from the cache because their legacy system failed (see staleness-plugin.ts). */
  stale?: StaleField[];
}

/** Trace id from a W3C `traceparent` header, or a new one. */
export function traceIdFrom(headers: http.IncomingHttpHeaders): string {
  const tp = headers['traceparent'];
  const m = typeof tp === 'string' ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(tp) : null;
  return m ? m[1]! : randomHex(16);
}

/** The header the gateway puts the request's remaining time in, in ms. */
export const DEADLINE_HEADER = 'x-request-timeout-ms';
/** The longest a subgraph works on one request when the caller set no deadline, in ms. @default 10_000 (10 s) */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * When this request must be answered (epoch ms): the gateway's remaining time if it sent one
 * (relative, so clocks of different machines need not agree) less the answer margin, capped by
 * our own default.
 */
export function deadlineFrom(headers: http.IncomingHttpHeaders, now = Date.now()): number {
  const raw = headers[DEADLINE_HEADER];
  const ms =
    typeof raw === 'string' && /^\d{1,9}$/.test(raw)
      ? Number(raw) - answerMarginMs(Number(raw))
      : DEFAULT_REQUEST_TIMEOUT_MS;
  return now + Math.max(1, Math.min(ms, DEFAULT_REQUEST_TIMEOUT_MS));
}

/**
 * Time a subgraph keeps back from the gateway's deadline to answer, in ms: after its last legacy
 * call ends it still records the reads in the audit trail and sends the answer, and an answer
 * that arrives after the gateway stopped waiting loses the errors' paths and codes. Generous: on
 * a busy machine the gateway's own timer may run as soon as this process's does.
 */
export const ANSWER_MARGIN_MS = 100;

/** The answer margin for `ms` given: ANSWER_MARGIN_MS, but never more than a fifth of a short time (a tight subgraph timeout). */
export function answerMarginMs(ms: number): number {
  return Math.min(ANSWER_MARGIN_MS, Math.floor(ms / 5));
}

/** Why a request's signal aborts when its connection closes: one instance, not a new DOMException (and its stack) per request. */
const REQUEST_ENDED = new DOMException('the request ended', 'AbortError');

export function buildContext(headers: http.IncomingHttpHeaders, res?: http.ServerResponse): SubgraphContext {
  const traceId = traceIdFrom(headers);
  const channel = typeof headers['x-channel'] === 'string' ? headers['x-channel'] : 'unknown';
  const abort = new AbortController();
  // A caller that gave up (the gateway's own timeout) frees the legacy calls made for it;
  // once the answer is sent there is nothing left to abort.
  res?.once('close', () => abort.abort(REQUEST_ENDED));
  return {
    adapter: newAdapterContext({ traceId, deadline: deadlineFrom(headers), signal: abort.signal }),
    traceId,
    channel,
    // Made now, not on first use: each resolver runs with a copy of this context (staleness-plugin.ts)
    // and must add to the request's log, not to one of its own.
    access: new AccessLog(),
    stale: [],
  };
}
