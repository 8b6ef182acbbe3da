import cluster from 'node:cluster';
import path from 'node:path';
import { exitAfterLogs, logger } from '../adapters/kit/logger';
import { envPort, onTermination } from '../subgraphs/kit/main';
import { gatewayConfig, type GatewayConfig } from './config';
import { shareMetricsWithPrimary } from './worker-metrics';
import { gatewayWorkerCount, runGatewayWorkers } from './workers';

/**
 * The gateway process: serves any supergraph file (`--supergraph FILE --port N`), or with
 * GATEWAY_SUPERGRAPH_SOURCE=registry the schema registry's current supergraph, followed without
 * a restart; drains on SIGTERM. With GATEWAY_WORKERS=N (N > 1, or `auto`) it is the primary of N worker processes
 * sharing the port, each running this same script as a whole gateway (workers.ts).
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
  let config: GatewayConfig;
  let workers: number;
  let metricsPort: number | undefined;
  try {
    config = gatewayConfig(process.argv.slice(2), process.env, root);
    workers = gatewayWorkerCount(process.env);
    metricsPort = process.env.GATEWAY_METRICS_PORT ? envPort('GATEWAY_METRICS_PORT', 0) : undefined;
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  if (workers > 1 && cluster.isPrimary)
    return runGatewayWorkers({ count: workers, metricsPort, host: config.host });
  if (cluster.isWorker) await shareMetricsWithPrimary();
  // Loaded here, not above: a worker primary never serves, so it never loads Apollo.
  const [{ startGateway }, { fileSupergraph }, { gatewayHardeningFromEnv }, { gatewayTrustFromEnv }] =
    await Promise.all([
      import('./server'),
      import('./registry/supergraph-source'),
      import('./limits/hardening'),
      import('./trust/trust-from-env'),
    ]);
  const hardening = gatewayHardeningFromEnv(process.env, root);
  const registry = config.supergraphSource === 'registry' ? await openRegistry(config) : null;
  const trust = await gatewayTrustFromEnv();
  const gateway = await startGateway({
    trust,
    hardening,
    supergraph: registry?.source ?? fileSupergraph(config.supergraphFile),
    usageFlushMs: config.usageFlushMs,
    subgraphUrls: config.subgraphUrls,
    port: config.port,
    host: config.host,
    explorer: config.explorer,
    speculateKeyLookups: config.keyLookupSpeculation,
    batchSubgraphCalls: config.subgraphBatches,
    referenceCacheTtlMs: config.referenceCacheTtlMs,
    requestTimeoutMs: config.requestTimeoutMs,
    subgraphTimeoutsMs: config.subgraphTimeoutsMs,
  });
  logger.info(
    { url: gateway.url, supergraph: registry ? `registry (${registry.store.kind})` : config.supergraphFile },
    'gateway listening',
  );
  onTermination(async () => {
    await gateway.close();
    await trust.audit.close();
    await registry?.store.close();
  }, 'gateway');
}

/** Registry mode: the store (REGISTRY_DATABASE_URL, DATABASE_URL or SQLite) and the source polling it. */
async function openRegistry(config: GatewayConfig) {
  const [{ registryStoreFromEnv }, { RegistrySupergraphSource }] = await Promise.all([
    import('../registry/store/open-registry-store'),
    import('./registry/registry-source'),
  ]);
  const store = await registryStoreFromEnv(process.env);
  return { store, source: new RegistrySupergraphSource(store, { pollMs: config.registryPollMs }) };
}

main().catch((e) => {
  logger.error({ err: e }, 'gateway failed to start');
  console.error((e as Error).message);
  void exitAfterLogs(1);
});
