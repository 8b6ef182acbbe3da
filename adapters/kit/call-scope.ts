import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * What one legacy call carries down to the protocol clients without every adapter
 * threading it through: the W3C trace to put on the wire.
 */
export interface CallScope {
  /** W3C `traceparent` for this legacy call (the request's trace id, a new span). */
  traceparent?: string;
  /** Aborted when the call timed out or its request ended: protocol clients stop and free the socket. */
  signal?: AbortSignal;
}

const storage = new AsyncLocalStorage<CallScope>();

export function runInCallScope<T>(scope: CallScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentCallScope(): CallScope | undefined {
  return storage.getStore();
}

/** A `traceparent` continuing `traceId` with a new span id, or undefined without a trace id. */
export function childTraceparent(traceId: string | undefined): string | undefined {
  return traceId && /^[\da-f]{32}$/.test(traceId)
    ? `00-${traceId}-${randomBytes(8).toString('hex')}-01`
    : undefined;
}
