import client from 'prom-client';
import { registry } from '../../adapters/kit/metrics';

/**
 * The schema registry version of the supergraph this gateway serves (0 when it serves a file).
 * Instances that show different values have not converged yet. Under GATEWAY_WORKERS the primary
 * reports the lowest of its workers' (the oldest version still served), not their sum.
 */
export const supergraphVersionGauge = new client.Gauge({
  name: 'owdl_gateway_supergraph_version',
  help: 'Schema registry version of the supergraph the gateway serves (0: served from a file).',
  registers: [registry],
  aggregator: 'min',
});
