import { tsChild } from '../../test/helpers/ts-child';

describe('onTermination', () => {
  it('drains and exits when the supervisor went before it was called (the event has fired: no listener would hear it)', async () => {
    // A supervisor killed while the process was still starting: its IPC channel closed first.
    const child = tsChild(
      `setTimeout(() => {
         if (process.connected) process.exit(9); // the channel must be closed by now
         require('./subgraphs/kit/main').onTermination(async () => {}, 'test');
         setInterval(() => {}, 1000);
       }, 1500);`,
      { ipc: true, env: { LOG_LEVEL: 'silent' } },
    );
    const killer = setTimeout(() => child.proc.kill('SIGKILL'), 15_000);
    child.proc.disconnect();
    try {
      expect(await child.exited).toBe(0);
    } finally {
      clearTimeout(killer);
    }
  }, 30_000);
});
