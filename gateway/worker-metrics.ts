import http from 'node:http';
import { AggregatorRegistry } from 'prom-client';
import { exitAfterLogs, logger } from '../adapters/kit/logger';

/**
 * Every worker's metrics, summed, on a port of the worker primary (GATEWAY_METRICS_PORT): GET
 * /metrics on the shared gateway port is answered by whichever worker takes the connection, so
 * with GATEWAY_WORKERS > 1 it shows one worker's counts. The primary asks each worker over the
 * cluster channel (prom-client's AggregatorRegistry: counters and histograms summed, process
 * figures by each metric's own aggregator). Logs `metricsUrl` once listening.
 */
export function serveWorkerMetrics(port: number, host = '127.0.0.1'): { close(): Promise<void> } {
  const aggregator = new AggregatorRegistry();
  const server = http.createServer((req, res) => {
    if ((req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    aggregator.clusterMetrics().then(
      (body) => res.writeHead(200, { 'content-type': aggregator.contentType }).end(body),
      (err: Error) => res.writeHead(503, { 'content-type': 'text/plain' }).end(`${err.message}\n`),
    );
  });
  server.on('error', (err) => {
    // A taken port at start-up: no worker has served anything yet; they exit with the primary.
    logger.fatal({ err, port }, 'GATEWAY_METRICS_PORT: cannot listen');
    void exitAfterLogs(1);
  });
  server.listen(port, host, () => {
    const address = server.address() as { port: number };
    logger.info({ metricsUrl: `http://${host}:${address.port}/metrics` }, 'gateway workers’ metrics');
  });
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * In a worker: answers the primary's requests for this process's metrics (the one registry of
 * adapters/kit/metrics.ts). Constructing an AggregatorRegistry is what installs prom-client's
 * worker-side listener.
 */
export async function shareMetricsWithPrimary(): Promise<void> {
  const { registry } = await import('../adapters/kit/metrics');
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry();
}
