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

  it('answers the request in flight when SIGTERM arrives, then exits 0', async () => {
    const gw = await startGatewayProcess(stack);
    const token = await stack.trust.token(TEST_OFFICER);
    stack.mocks['public-security']!.controller.set({ latencyMs: 700 });
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
    gw.proc.kill('SIGTERM');
    const res = await inFlight;
    expect(await res.body.json()).toEqual({ data: { person: { name: '王强' } } });
    expect(await gw.exited).toBe(0);
    stack.mocks['public-security']!.controller.clear();
  }, 30_000);
});
