import { spawn, type StdioOptions } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * Runs `code` in a fresh Node process (TypeScript through ts-node, from the checkout's root, so it
 * can `require('./adapters/...')`), stderr inherited; with `ipc`, an IPC channel to this process, as a
 * supervisor gives its children. `exited` resolves with the exit code, or the signal that ended it.
 */
export function tsChild(
  code: string,
  options: { env?: Record<string, string>; ipc?: boolean; stdout?: 'pipe' | 'inherit' } = {},
) {
  const stdio: StdioOptions = ['ignore', options.stdout ?? 'inherit', 'inherit'];
  if (options.ipc) stdio.push('ipc');
  const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', code], {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio,
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    proc.on('exit', (exitCode, signal) => resolve(exitCode ?? signal)),
  );
  return { proc, exited };
}
