import type { ChildProcess } from 'node:child_process';
import { request } from 'undici';
import { GOLDEN } from '../../mocks/data/golden';
import { startGatewayProcess } from '../helpers/gateway-process';
import { startStack, type Stack } from '../helpers/stack';
import { TEST_OFFICER, TEST_PURPOSE } from '../helpers/trust';

describe('the gateway process', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);
  afterAll(() => stack?.close());
  const started: { proc: ChildProcess }[] = [];
  // Also after a test that timed out: no gateway is left running.
  afterEach(() => {
    for (const gw of started.splice(0)) if (gw.proc.exitCode === null) gw.proc.kill('SIGKILL');
  });

  /** Asks for Wang Qiang through `gw` with public security slowed to 700 ms, ends the gateway 250 ms in with `end`. */
  async function endWhileAnswering(gw: { url: string }, end: () => void) {
    const token = await stack.trust.token(TEST_OFFICER);
    stack.mocks['public-security']!.controller.set({ latencyMs: 700 });
    try {
      const inFlight = request(gw.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-channel': 'counter',
          authorization: `Bearer ${token}`,
          'x-purpose': TEST_PURPOSE,
        },
        body: JSON.stringify({ query: `{ person(id: "${GOLDEN.wangQiang}") { name } }` }),
      });
      await new Promise((r) => setTimeout(r, 250));
      end();
      return await (await inFlight).body.json();
    } finally {
      stack.mocks['public-security']!.controller.clear();
    }
  }

  it('answers the request in flight when SIGTERM arrives, then exits 0', async () => {
    const gw = await startGatewayProcess(stack);
    started.push(gw);
    expect(await endWhileAnswering(gw, () => gw.proc.kill('SIGTERM'))).toEqual({
      data: { person: { name: '王强' } },
    });
    expect(await gw.exited).toBe(0);
  }, 30_000);

  it('drains the same way when its supervisor goes (the IPC channel npm start gives it closes)', async () => {
    const gw = await startGatewayProcess(stack, {}, { ipc: true });
    started.push(gw);
    // What a supervisor killed with SIGKILL leaves behind: its end of the channel closed.
    expect(await endWhileAnswering(gw, () => gw.proc.disconnect())).toEqual({
      data: { person: { name: '王强' } },
    });
    expect(await gw.exited).toBe(0);
    expect(gw.output()).toMatch(/"signal":"disconnect".*"msg":"draining in-flight requests"/);
  }, 30_000);
});
