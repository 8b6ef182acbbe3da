import { newAdapterContext, type AdapterContext } from '../../adapters/kit/operation';

/**
 * The same request, reading past the cache: for the reads a case decision is written on
 * (a certificate revoked a minute ago must not pass a pre-check or issue a licence).
 */
export function freshRead(ctx: AdapterContext): AdapterContext {
  return newAdapterContext({ traceId: ctx.traceId, signal: ctx.signal, deadline: ctx.deadline, fresh: true });
}
