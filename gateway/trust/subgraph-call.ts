import type { Agent } from 'undici';
import { DataLayerError } from '../../adapters/kit/errors';
import { withTimeoutSignal } from '../../adapters/kit/late-timer';
import { DEADLINE_HEADER } from '../../subgraphs/kit/context';
import { bodyHash, CONTEXT_HEADER, type ContextSigner } from '../../trust/context/signed-context';
import type { SubgraphCall } from './subject-resolver';

/** Longest one of the gateway's own look-ups may take, in ms (the default of subgraphCaller's `timeoutMs`). */
const LOOKUP_TIMEOUT_MS = 3_000;

/**
 * The gateway's own calls to a subgraph (working out whose data a request may touch), signed
 * like every other: departments see and audit them. A look-up that fails fails what needed its
 * answer, as the department that could not answer: the whole request when it was the case itself,
 * else the root fields and the subgraph calls that needed the whole subject set.
 */
export function subgraphCaller(
  urls: Record<string, string>,
  agent: Agent,
  sign: ContextSigner,
  timeoutMs = LOOKUP_TIMEOUT_MS,
): SubgraphCall {
  return async (subgraph, query, variables, trust) => {
    const url = urls[subgraph];
    if (!url) throw new DataLayerError('INTERNAL', `no subgraph ${subgraph} to ask`);
    const body = JSON.stringify({ query, variables });
    let reply: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
    try {
      const headers = {
        'content-type': 'application/json',
        [CONTEXT_HEADER]: await sign(trust, subgraph, bodyHash(query, variables), timeoutMs / 1000),
        [DEADLINE_HEADER]: String(timeoutMs),
        traceparent: `00-${trust.traceId}-${'0'.repeat(15)}1-01`,
      };
      // A lateTimer's signal, not undici's own timeouts: exact, and an answer that came in time wins.
      reply = await withTimeoutSignal(timeoutMs, async (signal) => {
        const target = new URL(url);
        const res = await agent.request({
          origin: target.origin,
          path: target.pathname,
          method: 'POST',
          headers,
          body,
          signal,
        });
        return (await res.body.json()) as typeof reply;
      });
    } catch (e) {
      throw new DataLayerError(
        'DEPARTMENT_UNAVAILABLE',
        `department ${subgraph} did not answer the access check`,
        {
          department: subgraph,
          cause: e,
        },
      );
    }
    const code = reply.errors?.[0]?.extensions?.code;
    if (!reply.data || code) {
      if (code === 'AUDIT_UNAVAILABLE')
        throw new DataLayerError('AUDIT_UNAVAILABLE', 'the audit trail is unavailable');
      throw new DataLayerError(
        'DEPARTMENT_UNAVAILABLE',
        `department ${subgraph} could not answer the access check`,
        {
          department: subgraph,
        },
      );
    }
    return reply.data;
  };
}
