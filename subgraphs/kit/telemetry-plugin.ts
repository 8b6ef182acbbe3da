import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type http from 'node:http';
import { logger } from '../../adapters/kit/logger';
import { metrics, registry } from '../../adapters/kit/metrics';

/** Operation names come from clients: only well-formed ones become label values, so label cardinality stays bounded. */
function operationLabel(name: string | null | undefined): string {
  return name && /^[A-Za-z_]\w{0,80}$/.test(name) ? name : 'anonymous';
}

/**
 * Counts and times every GraphQL request (ok, partial: data and errors, or error) and logs
 * one structured line for it with its trace id, so a request can be followed from the
 * gateway through every subgraph to the legacy calls it caused (they carry the same trace).
 */
export function telemetryPlugin<C extends BaseContext & { traceId?: string }>(
  service: string,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName, contextValue }) {
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
        },
      };
    },
  };
}

/** GET /metrics: the process's metrics in Prometheus text format. */
export async function sendMetrics(res: http.ServerResponse): Promise<void> {
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType });
  res.end(body);
}
