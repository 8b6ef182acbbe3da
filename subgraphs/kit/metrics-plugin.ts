import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type http from 'node:http';
import { metrics, registry } from '../../adapters/kit/metrics';

/** Operation names come from clients: only well-formed ones become label values, so label cardinality stays bounded. */
function operationLabel(name: string | null | undefined): string {
  return name && /^[A-Za-z_]\w{0,80}$/.test(name) ? name : 'anonymous';
}

/** Counts and times every GraphQL request: ok, partial (data and errors) or error. */
export function metricsPlugin<C extends BaseContext>(service: string): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName }) {
          const operation = operationLabel(operationName);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const outcome = !body?.errors?.length ? 'ok' : body.data ? 'partial' : 'error';
          metrics.graphqlRequests.inc({ service, operation, outcome });
          metrics.graphqlDuration.observe(
            { service, operation },
            Number(process.hrtime.bigint() - started) / 1e9,
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
