import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Stack } from './stack';

const root = path.resolve(__dirname, '../..');

/** A gateway process that listens (`url`) or that exited before it could (`code`). */
export interface GatewayRun {
  proc: ChildProcess;
  url?: string;
  code?: number | null;
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
}

/**
 * Runs `gateway/index.ts` in a child process (ts-node, port 0) with `env` over this process's;
 * resolves once it logs the URL it listens on, or once it exits without listening. With `ipc`,
 * the child has an IPC channel to this process, as `npm start` gives it (closing it stands for
 * its supervisor going away).
 */
export function runGatewayProcess(
  env: Record<string, string>,
  options: { ipc?: boolean } = {},
): Promise<GatewayRun> {
  const proc = spawn(
    process.execPath,
    [
      '--require',
      'ts-node/register/transpile-only',
      'gateway/index.ts',
      '--supergraph',
      'gateway/supergraph.graphql',
      '--port',
      '0',
    ],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'info', JEST_WORKER_ID: '', ...env },
      stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    proc.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  // Read both pipes to the end, so the child never blocks on its logs.
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => {
    const onData = () => {
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+\/graphql)"/.exec(out);
      if (!m) return;
      proc.stdout!.off('data', onData);
      resolve({ proc, url: m[1]!, exited, output: () => out });
    };
    proc.stdout!.on('data', onData);
    proc.on('exit', (code) => resolve({ proc, code, exited, output: () => out }));
  });
}

/** What a gateway process needs to join a stack: its subgraphs' URLs, its keys and its audit trail. */
export function stackGatewayEnv(stack: Stack): Record<string, string> {
  const urls = Object.entries(stack.subgraphs).map(([name, s]) => [
    `${name.toUpperCase().replace(/-/g, '_')}_SUBGRAPH_URL`,
    s.url,
  ]);
  return { ...Object.fromEntries(urls), ...stack.trust.gatewayProcessEnv };
}

/** A gateway process joined to a stack, as production runs it (NODE_ENV=production); rejects if it does not listen. */
export async function startGatewayProcess(
  stack: Stack,
  env: Record<string, string> = {},
  options: { ipc?: boolean } = {},
): Promise<GatewayRun & { url: string }> {
  const run = await runGatewayProcess({ ...stackGatewayEnv(stack), NODE_ENV: 'production', ...env }, options);
  if (!run.url) throw new Error(`gateway exited with ${run.code} before listening: ${run.output()}`);
  return run as GatewayRun & { url: string };
}
