import { logger } from '../../adapters/kit/logger';
import { startSubgraph, type SubgraphDefinition } from './subgraph';

/** Reads a port from the environment, stopping start-up with the variable's name when it is wrong. */
export function envPort(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new Error(`${name} must be a port number from 0 to 65535: ${raw}`);
  return n;
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
