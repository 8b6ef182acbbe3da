import cluster from 'node:cluster';
import { envWholeNumber } from '../../adapters/kit/env';
import { exitAfterLogs, logger } from '../../adapters/kit/logger';
// Types only: the server modules load when a subgraph runs, so a process that only needs
// onTermination or envPort (the gateway's worker primary, gateway/workers.ts) stays light.
import type { SubgraphDefinition } from './subgraph';
import type { subgraphTrustFromEnv as TrustFromEnv } from './trust-from-env';

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
  const [{ startSubgraph }, { subgraphTrustFromEnv }] = await Promise.all([
    import('./subgraph'),
    import('./trust-from-env'),
  ]);
  const def = build();
  let trust: Awaited<ReturnType<typeof TrustFromEnv>>;
  try {
    trust = await subgraphTrustFromEnv(def.name);
  } catch (err) {
    // Missing keys or an unreachable audit store: the subgraph must not answer without them.
    logger.fatal({ err, subgraph: def.name }, 'trust set-up failed');
    console.error(`${def.name}: ${(err as Error).message}`);
    return exitAfterLogs(1);
  }
  const running = await startSubgraph(def, {
    port: envPort(portVariable, defaultPort),
    host: process.env.HOST ?? '127.0.0.1',
    trust,
  });
  logger.info({ subgraph: def.name, url: running.url }, 'subgraph listening');
  onTermination(async () => {
    await running.close();
    await trust.audit.close();
  }, def.name);
}

/**
 * Drains once on the first SIGTERM or SIGINT and then exits (1 if closing failed). The
 * handlers stay installed: a second signal while draining must not kill the process with
 * Node's default action and cut the requests still being answered.
 *
 * A process its supervisor started with an IPC channel (`npm start`, the bench) also drains
 * when that channel closes: the supervisor is gone (killed with SIGKILL, say, which it could not
 * pass on), and a process left behind would hold its port and its connections until someone
 * found it. Cluster workers are left to Node, which ends them when their primary goes.
 */
export function onTermination(close: () => Promise<void>, name: string): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals | 'disconnect') => {
    if (stopping) return;
    stopping = true;
    logger.info({ name, signal }, 'draining in-flight requests');
    close().then(
      () => exitAfterLogs(0),
      (err: unknown) => {
        logger.error({ name, err }, 'could not close cleanly');
        return exitAfterLogs(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (process.send && !cluster.isWorker) {
    // Gone already (the supervisor died while this process was starting): the event has fired.
    if (!process.connected) queueMicrotask(() => stop('disconnect'));
    else process.once('disconnect', () => stop('disconnect'));
  }
}
