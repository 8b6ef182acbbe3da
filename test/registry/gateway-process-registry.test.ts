import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { SqliteRegistryStore } from '../../registry/store/sqlite-store';
import { runGatewayProcess, startGatewayProcess, type GatewayRun } from '../helpers/gateway-process';
import { startStack, type Stack } from '../helpers/stack';
import { testTrust } from '../helpers/trust';
import { ADDED_FIELD_QUERY, bootstrap, healthChange, publish } from './registry-fixture';

/**
 * The gateway process (gateway/index.ts) with GATEWAY_SUPERGRAPH_SOURCE=registry: it refuses to
 * start from an empty registry, saying what to run; from a bootstrapped one it serves the current
 * version and follows a publish without a restart.
 */
describe('the gateway process serving from the schema registry', () => {
  let tmp: string;
  let stack: Stack | undefined;
  const runs: GatewayRun[] = [];
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'owdl-registry-process-'));
  });
  afterAll(async () => {
    for (const run of runs)
      if (run.proc.exitCode === null && run.proc.signalCode === null) run.proc.kill('SIGKILL');
    await stack?.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  /** The registry is this SQLite file, whatever the environment the tests run in says. */
  const registryEnv = (file: string) => ({
    GATEWAY_SUPERGRAPH_SOURCE: 'registry',
    REGISTRY_SQLITE_PATH: file,
    REGISTRY_DATABASE_URL: '',
    DATABASE_URL: '',
    REGISTRY_POLL_MS: '50',
  });

  it('stops start-up from an empty registry with a message saying to bootstrap it', async () => {
    // Its own keys: a fresh clone has no demo keys, and the refusal must not depend on them.
    const trust = await testTrust(tmp);
    const run = await runGatewayProcess({
      ...trust.gatewayProcessEnv,
      ...registryEnv(path.join(tmp, 'empty.sqlite')),
    });
    runs.push(run);
    expect(run.url).toBeUndefined();
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(
      'the schema registry (sqlite) holds no supergraph yet: run npm run subgraph -- bootstrap',
    );
  }, 60_000);

  it('serves the current version and follows a publish without a restart', async () => {
    const file = path.join(tmp, 'registry.sqlite');
    const publisher = SqliteRegistryStore.open(file);
    try {
      const change = healthChange();
      const v1 = await bootstrap(publisher, change.before, change.beforeSdl);
      stack = await startStack();
      const run = await startGatewayProcess(stack, registryEnv(file));
      runs.push(run);
      const ready = async () =>
        ((await (await request(new URL('/ready', run.url))).body.json()) as { supergraph: unknown })
          .supergraph;
      expect(await ready()).toEqual({ source: 'registry', version: 1, sdlHash: v1.sdlHash });
      const v2 = await publish(
        publisher,
        change.after.find((s) => s.name === 'health')!,
        change.afterSdl,
      );
      while (((await ready()) as { version: number }).version !== 2)
        await new Promise((r) => setTimeout(r, 20));
      expect(await ready()).toEqual({ source: 'registry', version: 2, sdlHash: v2.sdlHash });
      const res = await request(run.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-channel': 'counter',
          ...(await stack.authHeaders()),
        },
        body: JSON.stringify({ query: ADDED_FIELD_QUERY, variables: { id: '310107199003070017' } }),
      });
      const body = (await res.body.json()) as {
        data?: { person?: { healthCertificates?: unknown } };
        errors?: unknown;
      };
      expect([res.statusCode, body.errors, Array.isArray(body.data?.person?.healthCertificates)]).toEqual([
        200,
        undefined,
        true,
      ]);
      run.proc.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      await publisher.close();
    }
  }, 120_000);
});
