import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** A mock process (ts-node, ports 0) started with an IPC channel, as `npm start` starts it; resolves once it listens. */
function startMock(entry: string, prefix: string) {
  const proc = spawn(process.execPath, ['--require', 'ts-node/register/transpile-only', entry], {
    cwd: root,
    env: {
      ...process.env,
      [`${prefix}_MOCK_PORT`]: '0',
      [`${prefix}_MOCK_ADMIN_PORT`]: '0',
      MOCK_PEOPLE: '20',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    proc.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  let out = '';
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const listening = new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (/ mock: \S+/.test(out)) resolve();
    });
    proc.on('exit', () => reject(new Error(`${entry} exited before listening: ${out}`)));
  });
  return { proc, exited, listening };
}

describe('a mock process started by a supervisor', () => {
  const started: ReturnType<typeof startMock>[] = [];
  // Also after a test that timed out: none is left running.
  afterEach(() => {
    for (const m of started.splice(0)) if (m.proc.exitCode === null) m.proc.kill('SIGKILL');
  });

  // runMock's mocks (housing here) and the big data center's own main both stop through onStop.
  it.each([
    ['mocks/housing/index.ts', 'HOUSING'],
    ['mocks/big-data-center/index.ts', 'BIG_DATA_CENTER'],
  ])(
    '%s closes and exits 0 when the supervisor’s IPC channel closes (it was killed outright)',
    async (entry, prefix) => {
      const mock = startMock(entry, prefix);
      started.push(mock);
      await mock.listening;
      mock.proc.disconnect();
      expect(await mock.exited).toBe(0);
    },
    30_000,
  );
});
