import { exitAfterLogs, logger } from '../adapters/kit/logger';
import { createAuthenticator } from '../trust/auth/authenticate';
import { envPort, onTermination } from '../subgraphs/kit/main';
import { registryAuthConfig } from './auth-config';
import { serveRegistryApi } from './http/registry-api';
import { SchemaRegistry } from './schema-registry';
import { registryStoreFromEnv } from './store/open-registry-store';

/** Port of the registry's HTTP API. @default 4100 (REGISTRY_PORT) */
export const DEFAULT_REGISTRY_PORT = 4100;

/**
 * The registry process: the authenticated HTTP API departments' pipelines publish through, on
 * REGISTRY_PORT (default 4100) and HOST (default 127.0.0.1), over the store of REGISTRY_DATABASE_URL /
 * DATABASE_URL (PostgreSQL) or REGISTRY_SQLITE_PATH (SQLite). Tokens are checked with the gateway's
 * AUTH_* settings (REGISTRY_AUTH_AUDIENCE for an audience of its own). A bad setting stops start-up naming the variable; SIGTERM drains in-flight requests.
 */
async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let port: number;
  let authenticator;
  try {
    port = envPort('REGISTRY_PORT', DEFAULT_REGISTRY_PORT, env);
    authenticator = createAuthenticator(registryAuthConfig(env));
  } catch (err) {
    logger.fatal({ err }, 'registry: bad configuration');
    console.error(`registry: ${(err as Error).message}`);
    return exitAfterLogs(1);
  }
  const store = await registryStoreFromEnv(env);
  // The registry's own process: its window is the deployment's, so it also drops older usage.
  const registry = new SchemaRegistry(store, { pruneUsage: true });
  const served = await serveRegistryApi({ registry, authenticator, port, host: env.HOST || '127.0.0.1' });
  logger.info(
    {
      url: `http://${served.host}:${served.port}`,
      store: store.kind,
      supergraph: await store.currentVersion(),
    },
    'schema registry listening',
  );
  onTermination(async () => {
    await served.close();
    await store.close();
  }, 'registry');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    logger.fatal({ err }, 'registry: start-up failed');
    console.error(`registry: ${(err as Error).message}`);
    void exitAfterLogs(1);
  });
}
