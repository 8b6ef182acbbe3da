import path from 'node:path';
import { logger } from '../adapters/kit/logger';
import { onTermination } from '../subgraphs/kit/main';
import { gatewayConfig } from './config';
import { startGateway } from './server';
import { readSupergraph } from './supergraph-file';
import { gatewayHardeningFromEnv } from './limits/hardening';
import { gatewayTrustFromEnv } from './trust/trust-from-env';

/** The gateway process: serves any supergraph file (`--supergraph FILE --port N`); drains on SIGTERM. */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
  let config;
  try {
    config = gatewayConfig(process.argv.slice(2), process.env, root);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const hardening = gatewayHardeningFromEnv(process.env, root);
  const trust = await gatewayTrustFromEnv();
  const gateway = await startGateway({
    trust,
    hardening,
    supergraphSdl: readSupergraph(config.supergraphFile),
    subgraphUrls: config.subgraphUrls,
    port: config.port,
    host: config.host,
    explorer: config.explorer,
    requestTimeoutMs: config.requestTimeoutMs,
    subgraphTimeoutsMs: config.subgraphTimeoutsMs,
  });
  logger.info({ url: gateway.url, supergraph: config.supergraphFile }, 'gateway listening');
  onTermination(async () => {
    await gateway.close();
    await trust.audit.close();
  }, 'gateway');
}

main().catch((e) => {
  logger.error({ err: e }, 'gateway failed to start');
  console.error((e as Error).message);
  process.exit(1);
});
