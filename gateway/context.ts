import type http from 'node:http';
import { randomHex } from '../adapters/kit/random-hex';
import type { TrustContext } from '../trust/context/trust-context';
import type { WholeSubjects } from './trust/whole-subjects';

/** Per-request gateway context: the trace passed on to subgraphs (W3C traceparent) and the channel. */
export interface GatewayContext {
  traceId: string;
  traceparent: string;
  channel: string;
  /** When the whole request must be answered (epoch ms); subgraphs get what is left of it. */
  deadline: number;
  /** Who asks, why, whose data they may touch (gateway/trust/request-trust.ts); signed to every subgraph. */
  trust: TrustContext;
  /**
   * While `trust.subjects` is only the part known so far (partial): the whole set, worked out
   * when first asked for and then written into `trust.subjects` (gateway/trust/whole-subjects.ts).
   */
  wholeSubjects?: WholeSubjects;
}

/** Longest the gateway works on one request, in ms (GATEWAY_REQUEST_TIMEOUT_MS). @default 5_000 (5 s) */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

const CHANNELS = new Set(['counter', 'portal', 'terminal', 'app']);

export function buildGatewayContext(
  req: http.IncomingMessage,
  requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
): Omit<GatewayContext, 'trust'> {
  const incoming = req.headers['traceparent'];
  const m = typeof incoming === 'string' ? /^00-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(incoming) : null;
  const traceId = m ? m[1]! : randomHex(16);
  const traceparent = `00-${traceId}-${randomHex(8)}-01`;
  const raw = req.headers['x-channel'];
  const channel = typeof raw === 'string' && CHANNELS.has(raw.toLowerCase()) ? raw.toLowerCase() : 'unknown';
  return { traceId, traceparent, channel, deadline: Date.now() + requestTimeoutMs };
}
