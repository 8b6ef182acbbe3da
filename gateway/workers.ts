import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import { envWholeNumber } from '../adapters/kit/env';
import { exitAfterLogs, logger } from '../adapters/kit/logger';
import { onTermination } from '../subgraphs/kit/main';
import { serveWorkerMetrics } from './worker-metrics';

/** Most worker processes GATEWAY_WORKERS takes: many more than cores only add memory and context switches. */
export const MAX_GATEWAY_WORKERS = 64;

/**
 * GATEWAY_WORKERS: how many gateway processes share the port. Unset, empty or 1: the process
 * serves requests itself (no cluster). `auto`: one per CPU the process may use
 * (`os.availableParallelism()`). Anything else outside 1..MAX_GATEWAY_WORKERS stops start-up.
 */
export function gatewayWorkerCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GATEWAY_WORKERS?.trim();
  if (raw === 'auto') return Math.max(1, Math.min(MAX_GATEWAY_WORKERS, os.availableParallelism()));
  return envWholeNumber(
    'GATEWAY_WORKERS',
    1,
    { min: 1, max: MAX_GATEWAY_WORKERS, what: 'a number of worker processes (or auto)' },
    { GATEWAY_WORKERS: raw },
  );
}

export interface GatewayWorkersOptions {
  /** Worker processes to keep running (gatewayWorkerCount). */
  count: number;
  /** GATEWAY_METRICS_PORT: where this primary serves every worker's metrics, summed; absent: nowhere. */
  metricsPort?: number;
  /** Address the metrics port binds. @default '127.0.0.1' */
  host?: string;
}

/** A worker's exit as one code: its exit code, or 1 for one that a signal ended. */
const exitCodeOf = (code: number | null, signal: string | null) => (signal !== null ? 1 : (code ?? 1));

/**
 * The primary of `count` gateway workers (node:cluster): each worker is this same script, a
 * whole gateway with its own audit writer chain (trust/audit: one chain per process), and they
 * share the port (the primary accepts connections and hands them out round-robin, so one
 * keep-alive connection stays on one worker). The primary serves no request itself.
 *
 * - A worker that dies after it was listening is logged and replaced (not while draining): a
 *   crash takes down only the requests it was answering.
 * - A worker that exits before it ever listened failed its start-up (keys, audit store, settings),
 *   which another attempt will not fix: every worker is stopped and the primary exits with that
 *   worker's code, as a single gateway process would, so the orchestrator sees it.
 * - SIGTERM or SIGINT (onTermination) drains: every worker gets SIGTERM and answers what it has in
 *   flight; the primary exits 0 once all exited 0, else 1.
 */
export function runGatewayWorkers(options: GatewayWorkersOptions): void {
  const log = logger.child({ primary: process.pid });
  const listened = new Set<number>();
  let draining = false;
  let allListening = false;

  const fork = (): Worker => {
    const worker = cluster.fork();
    log.info({ worker: worker.id, pid: worker.process.pid }, 'gateway worker started');
    return worker;
  };
  /** SIGTERM to every worker still there; resolves with their exit codes once all are gone. */
  const stopAll = (): Promise<number[]> =>
    Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (w) =>
          new Promise<number>((resolve) => {
            if (!w || w.isDead()) return resolve(exitCodeOf(w?.process.exitCode ?? null, null));
            w.once('exit', (code: number | null, signal: string | null) => resolve(exitCodeOf(code, signal)));
            w.process.kill('SIGTERM');
          }),
      ),
    );

  cluster.on('listening', (worker) => {
    listened.add(worker.id);
    if (!allListening && listened.size === options.count) {
      allListening = true;
      log.info({ workers: options.count }, 'every gateway worker is listening');
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    const wasListening = listened.delete(worker.id);
    if (draining) return;
    const died = { worker: worker.id, pid: worker.process.pid, code, signal };
    if (!wasListening) {
      log.fatal(died, 'a gateway worker exited before it listened (start-up failed): stopping every worker');
      draining = true;
      void stopAll().then(() => exitAfterLogs(code === 0 || code === null ? 1 : code));
      return;
    }
    log.error(died, 'a gateway worker died: starting another');
    fork();
  });

  const metrics =
    options.metricsPort === undefined ? undefined : serveWorkerMetrics(options.metricsPort, options.host);
  for (let i = 0; i < options.count; i++) fork();
  onTermination(async () => {
    draining = true;
    const codes = await stopAll();
    await metrics?.close();
    log.info({ codes }, 'every gateway worker stopped');
    if (codes.some((c) => c !== 0)) throw new Error(`gateway workers exited with ${codes.join(', ')}`);
  }, 'gateway primary');
}
