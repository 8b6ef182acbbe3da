import { envWholeNumber } from '../../adapters/kit/env';
import { logger } from '../../adapters/kit/logger';
import { startSubgraph, type SubgraphDefinition } from './subgraph';

/** Reads a port from the environment, stopping start-up with the variable's name when it is wrong. */
export function envPort(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  return envWholeNumber(name, fallback, { max: 65_535, what: 'a port number' }, env);
}

/** The body of every subgraph's index.ts: listen, log the URL, drain on SIGTERM/SIGINT. */
export async function runSubgraph(
  build: () => SubgraphDefinition,
  portVariable: string,
  defaultPort: number,
): Promise<void> {
  const def = build();
  const running = await startSubgraph(def, {
    port: envPort(portVariable, defaultPort),
    host: process.env.HOST ?? '127.0.0.1',
  });
  logger.info({ subgraph: def.name, url: running.url }, 'subgraph listening');
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
