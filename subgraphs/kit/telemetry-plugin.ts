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

/** Requests Apollo has answered whose other plugins may still be at work: counted by answered(). */
const answering = new WeakMap<object, () => void>();

/**
 * Counts and times every GraphQL request (ok, partial: data and errors, or error) and logs
 * one structured line for it with its trace id, so a request can be followed from the
 * gateway through every subgraph to the legacy calls it caused (they carry the same trace).
 * A request is counted as it was answered, once every plugin is done with it (answered(), from
 * the HTTP bridge): the audit trail's commit is part of its time, and an answer the trail
 * withheld (AUDIT_UNAVAILABLE) counts as the error it became, not as the data it had.
 */
export function telemetryPlugin<C extends BaseContext & { traceId?: string }>(
  service: string,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, response, operationName, contextValue }) {
          // Keyed by the HTTP request Apollo was given: its contextValue is a copy of the bridge's.
          if (!request.http) return;
          answering.set(request.http, () => {
            const operation = operationLabel(operationName);
            const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
            const outcome = !body?.errors?.length ? 'ok' : body.data ? 'partial' : 'error';
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            metrics.graphqlRequests.inc({ service, operation, outcome });
            metrics.graphqlDuration.observe({ service, operation }, seconds);
            const codes = body?.errors?.map((e) => e.extensions?.code ?? 'UNKNOWN');
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
          });
        },
      };
    },
  };
}

/**
 * Counts and logs the request Apollo ran for `httpRequest` (the object given to
 * executeHTTPGraphQLRequest) as it was answered: called once Apollo has ended it (every plugin's
 * willSendResponse). Nothing for a request that never reached an answer.
 */
export function answered(httpRequest: object): void {
  const count = answering.get(httpRequest);
  answering.delete(httpRequest);
  count?.();
}

/** GET /metrics: the process's metrics in Prometheus text format. */
export async function sendMetrics(res: http.ServerResponse): Promise<void> {
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType });
  res.end(body);
}
