import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type http from 'node:http';
import { logger } from '../../adapters/kit/logger';
import { metrics, registry } from '../../adapters/kit/metrics';

/** Distinct operation names kept as label values; later new ones are counted as `other`. @default 200 */
export const MAX_OPERATION_LABELS = 200;
const seenOperations = new Set<string>();

/**
 * Operation names come from clients, and every label value is a time series kept in memory:
 * only well-formed names become labels, and only the first MAX_OPERATION_LABELS of them.
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name || !/^[A-Za-z_]\w{0,80}$/.test(name)) return 'anonymous';
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= MAX_OPERATION_LABELS) return 'other';
  seenOperations.add(name);
  return name;
}

/**
 * HTTP requests the bridge hands Apollo (answerGraphQL), counted once Apollo has ended them
 * (answered()): null until Apollo has an answer, then how to count it.
 */
const bridged = new WeakMap<object, ((status: number | undefined) => void) | null>();

/**
 * Counts and times every GraphQL request (ok, partial: data and errors, or error) and logs
 * one structured line for it with its trace id, so a request can be followed from the
 * gateway through every subgraph to the legacy calls it caused (they carry the same trace).
 * A request that came through the HTTP bridge is counted as it was answered, once every plugin
 * is done with it (answered()): the audit trail's commit is part of its time, an answer the
 * trail withheld (AUDIT_UNAVAILABLE) counts as the error it became, and one Apollo ended with an
 * HTTP error (a plugin failed) as an error. Any other (executeOperation) is counted at once.
 */
export function telemetryPlugin<C extends BaseContext & { traceId?: string }>(
  service: string,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, response, operationName, contextValue }) {
          const count = (status: number | undefined) => {
            const operation = operationLabel(operationName);
            const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
            // Apollo failed (a plugin threw) or answered an HTTP error: the caller got no data.
            const failed = status === undefined || status >= 400;
            const outcome =
              !failed && !body?.errors?.length ? 'ok' : !failed && body?.data ? 'partial' : 'error';
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            metrics.graphqlRequests.inc({ service, operation, outcome });
            metrics.graphqlDuration.observe({ service, operation }, seconds);
            const codes =
              failed && !body?.errors?.length
                ? [status === undefined ? 'INTERNAL' : `HTTP_${status}`]
                : body?.errors?.map((e) => e.extensions?.code ?? 'UNKNOWN');
            logger[outcome === 'ok' ? 'info' : 'warn'](
              {
                service,
                traceId: contextValue.traceId,
                operation,
                outcome,
                ms: Math.round(seconds * 1000),
                codes,
              },
              'graphql request',
            );
          };
          // Keyed by the HTTP request Apollo was given: its contextValue is a copy of the bridge's.
          if (request.http && bridged.has(request.http)) bridged.set(request.http, count);
          else count(response.http.status ?? 200);
        },
      };
    },
  };
}

/** Marks an HTTP request the bridge is about to hand Apollo: answered() counts it once Apollo has ended it. */
export function bridging(httpRequest: object): void {
  bridged.set(httpRequest, null);
}

/**
 * Counts and logs the request Apollo ran for `httpRequest` (marked by bridging()) as it was
 * answered: called once Apollo has ended it (every plugin's willSendResponse), with the HTTP
 * status it answered, or none when it failed. Nothing for a request that never reached an answer.
 */
export function answered(httpRequest: object, status: number | undefined): void {
  const count = bridged.get(httpRequest);
  bridged.delete(httpRequest);
  count?.(status);
}

/** GET /metrics: the process's metrics in Prometheus text format. */
export async function sendMetrics(res: http.ServerResponse): Promise<void> {
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType });
  res.end(body);
}
