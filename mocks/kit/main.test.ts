import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { tsChild } from '../../test/helpers/ts-child';

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
  const started: { proc: ChildProcess }[] = [];
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

  it('onStop also stops when the supervisor went before it was called (the event has fired: no listener would hear it)', async () => {
    const child = tsChild(
      `setTimeout(() => {
         if (process.connected) process.exit(9); // the channel must be closed by now
         require('./mocks/kit/main').onStop(() => process.exit(0));
         setInterval(() => {}, 1000);
       }, 1500);`,
      { ipc: true },
    );
    started.push(child);
    child.proc.disconnect();
    expect(await child.exited).toBe(0);
  }, 30_000);
});
