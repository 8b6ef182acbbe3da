import { randomHex } from './random-hex';

/**
 * What one legacy call carries down to its protocol client: LegacyOperation hands its batch
 * function an AdapterContext that is one (the call's own abort signal, a new span of the
 * request's trace), and the adapter passes it on to the client it calls. Passed explicitly, not
 * through AsyncLocalStorage: on Node 20 one AsyncLocalStorage in use puts a hook on every promise
 * the process makes, some 15 % of a subgraph's CPU per request (measured on a cached read).
 */
export interface CallScope {
  /** W3C `traceparent` for this legacy call (the request's trace id, a new span). */
  readonly traceparent?: string;
  /** Aborted when the call timed out or its request ended: protocol clients stop and free the socket. */
  readonly signal?: AbortSignal;
}

/** A `traceparent` continuing `traceId` with a new span id, or undefined without a trace id. */
export function childTraceparent(traceId: string | undefined): string | undefined {
  return traceId && /^[\da-f]{32}$/.test(traceId) ? `00-${traceId}-${randomHex(8)}-01` : undefined;
}
