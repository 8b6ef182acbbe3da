import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { request } from 'undici';
import { GOLDEN } from '../../mocks/data/golden';
import { startStack, type Stack } from '../helpers/stack';

const root = path.resolve(__dirname, '../..');

/** The gateway as production runs it: its own process, a supergraph file, a port, NODE_ENV=production. */
function startGatewayProcess(
  env: Record<string, string>,
): Promise<{ proc: ChildProcess; url: string; exited: Promise<number | null> }> {
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
      env: { ...process.env, ...env, NODE_ENV: 'production', LOG_LEVEL: 'info', JEST_WORKER_ID: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+\/graphql)"/.exec(out);
      if (m) resolve({ proc, url: m[1]!, exited });
    });
    proc.on('exit', (code) => reject(new Error(`gateway exited with ${code} before listening: ${out}`)));
  });
}

describe('the gateway process', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);
  afterAll(() => stack?.close());

  it('answers the request in flight when SIGTERM arrives, then exits 0', async () => {
    const urls = Object.fromEntries(
      Object.entries(stack.subgraphs).map(([name, s]) => [
        `${name.toUpperCase().replace(/-/g, '_')}_SUBGRAPH_URL`,
        s.url,
      ]),
    );
    const gw = await startGatewayProcess(urls);
    stack.mocks['public-security']!.controller.set({ latencyMs: 700 });
    const inFlight = request(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-channel': 'counter' },
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
