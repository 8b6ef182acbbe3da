import { spawn } from 'node:child_process';
import path from 'node:path';
import { tsChild } from '../../test/helpers/ts-child';

const root = path.resolve(__dirname, '../..');

/** Runs `code` in a fresh Node process (TypeScript through ts-node) and returns its stdout and exit code. */
function run(
  code: string,
): Promise<{ stdout: string; code: number | null; firstOutputBeforeExitMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', code], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'info', SERVICE_NAME: 'logger-test' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    let firstOutputAt = 0;
    child.stdout.on('data', (d: Buffer) => {
      firstOutputAt ||= Date.now();
      stdout += d.toString();
    });
    child.on('error', reject);
    child.on('close', (exitCode) =>
      resolve({ stdout, code: exitCode, firstOutputBeforeExitMs: Date.now() - firstOutputAt }),
    );
  });
}

describe('the logger', () => {
  it('writes asynchronously yet loses no line when the process exits at once', async () => {
    const { stdout, code } = await run(`
      const { logger } = require('./adapters/kit/logger');
      for (let i = 0; i < 2000; i++) logger.info({ i }, 'graphql request');
      process.exit(3);
    `);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number; msg: string; service: string; level: number });
    expect(code).toBe(3);
    // Every line, whole; the exit's flush may write the last ones before a write still under way.
    expect(lines).toHaveLength(2000);
    expect(lines.map((l) => l.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    for (const l of lines)
      expect(l).toMatchObject({ msg: 'graphql request', service: 'logger-test', level: 30 });
  }, 30_000);

  it('writes a quiet process’s line within LOG_FLUSH_MS, without waiting for more lines or the exit', async () => {
    // One short line (far below the bytes a write gathers), then three seconds of quiet before the exit.
    const { stdout, code, firstOutputBeforeExitMs } = await run(`
      const { logger } = require('./adapters/kit/logger');
      logger.info('alone');
      setTimeout(() => process.exit(0), 3000);
    `);
    expect(code).toBe(0);
    expect((JSON.parse(stdout.trim()) as { msg: string }).msg).toBe('alone');
    // Written by the periodic flush (every 250 ms), not by the exit's.
    expect(firstOutputBeforeExitMs).toBeGreaterThan(1500);
  }, 30_000);

  it('exits through exitAfterLogs when its stdout reader is gone (EPIPE), instead of hanging in the exit’s flush', async () => {
    // A supervisor killed outright: its end of the stdout pipe and of the IPC channel close at
    // once, and the child logs and exits at once, before any periodic write found the pipe broken.
    // With process.exit there, sonic-boom 4's synchronous flush at exit retries the line forever.
    const child = tsChild(
      `const { logger, exitAfterLogs } = require('./adapters/kit/logger');
       process.on('disconnect', () => { logger.info('draining in-flight requests'); void exitAfterLogs(5); });
       process.send('ready');`,
      { ipc: true, stdout: 'pipe', env: { LOG_LEVEL: 'info' } },
    );
    child.proc.once('message', () => {
      child.proc.stdout!.destroy();
      child.proc.disconnect();
    });
    const hung = setTimeout(() => child.proc.kill('SIGKILL'), 15_000);
    try {
      expect(await child.exited).toBe(5);
    } finally {
      clearTimeout(hung);
    }
  }, 30_000);

  it('exits once, with the first code, when exitAfterLogs is called twice (a signal during a failed start-up)', async () => {
    const { stdout, code } = await run(`
      const { logger, exitAfterLogs } = require('./adapters/kit/logger');
      logger.info('start-up failed');
      void exitAfterLogs(3);
      void exitAfterLogs(4);
    `);
    expect(code).toBe(3);
    expect((JSON.parse(stdout.trim()) as { msg: string }).msg).toBe('start-up failed');
  }, 30_000);
});
