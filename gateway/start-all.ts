import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { logger } from '../adapters/kit/logger';
import { envPrefix, SUBGRAPHS } from './departments';
import { SchemaRegistry } from '../registry/schema-registry';
import { registryStoreFromEnv } from '../registry/store/open-registry-store';
import { syncCheckout } from '../registry/sync-checkout';
import { ensureDemoKeys } from '../trust/keys/key-store';
import { COUNTER_VIEW_PURPOSE, COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES } from './first-query';

/**
 * `npm start`: the whole system on embedded defaults, one process per part as production
 * runs it: the legacy mocks, the subgraphs, the schema registry's HTTP API, and the gateway
 * serving the registry's supergraph (hot reload). Ctrl-C stops them all.
 */
const dist = path.resolve(__dirname, '..');
/** The checkout: subgraphs/*\/schema.graphql and gateway/persisted-operations are read from it. */
const root = path.resolve(dist, '..');
/** The registry's HTTP API under `npm start`. */
const REGISTRY_PORT = process.env.REGISTRY_PORT ?? '4100';
const children: { name: string; proc: ChildProcess }[] = [];
let stopping = false;

function run(name: string, script: string, env: Record<string, string>): void {
  const proc = spawn(process.execPath, [path.join(dist, script)], {
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', SERVICE_NAME: name, ...env },
    // The IPC channel is how a child knows this process is gone, even when it is killed outright
    // (SIGKILL, a closed terminal): it closes, and the child drains and exits (onTermination, onStop).
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The channel must not keep this process running by itself.
  proc.channel?.unref();
  proc.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n${name} exited (${signal ?? `code ${code}`}); stopping everything.`);
      void stopAll(1);
    }
  });
  children.push({ name, proc });
}

async function waitHealthy(name: string, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await request(url, { headersTimeout: 1_000 });
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      /* not up yet */
    }
    if (stopping) throw new Error('stopping');
    if (Date.now() > deadline)
      throw new Error(`${name} did not become healthy at ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      ({ proc }) =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          const kill = setTimeout(() => proc.kill('SIGKILL'), 5_000);
          proc.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          proc.kill('SIGTERM');
        }),
    ),
  );
  process.exit(code);
}

/**
 * The legacy mocks start from the same world every time and keep what is written to them
 * (certificates issued through the library) in memory only, so the service centre's demo
 * store starts afresh with them unless a database or a file was chosen: otherwise a case
 * from yesterday's run would point at a certificate the library no longer has.
 */
function demoStore(): { dir?: string; env: Record<string, string> } {
  if (process.env.DATABASE_URL || process.env.SERVICE_CENTER_SQLITE_PATH) return { env: {} };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'one-window-demo-'));
  return { dir, env: { SERVICE_CENTER_SQLITE_PATH: path.join(dir, 'service-center.sqlite') } };
}

/**
 * Brings the schema registry (.data/registry.sqlite, or REGISTRY_DATABASE_URL / DATABASE_URL) up
 * to this checkout before anything starts: bootstraps an empty one, publishes schemas changed in
 * the working tree through the registry's checks (a refused one is reported; the registry keeps
 * serving its own), registers changed channel manifests.
 */
async function syncRegistry(): Promise<void> {
  // The lines below say what the sync did; the registry's info log lines would repeat them.
  if (process.env.LOG_LEVEL === undefined) logger.level = 'warn';
  const store = await registryStoreFromEnv();
  try {
    // A shared PostgreSQL registry is published to by pipelines, not by whoever runs npm start.
    const outcome = await syncCheckout(new SchemaRegistry(store), root, 'npm start (this checkout)', {
      publish: store.kind === 'sqlite',
    });
    if (outcome.bootstrapped)
      console.log(
        `Schema registry: bootstrapped supergraph v${outcome.bootstrapped.version} from this checkout.`,
      );
    for (const p of outcome.published)
      console.log(
        `Schema registry: published ${p.department} from this checkout → supergraph v${p.supergraph}.`,
      );
    for (const r of outcome.refused)
      console.error(
        `Schema registry: ${r.department} of this checkout NOT published (${r.code}):\n${r.message}`,
      );
    for (const r of outcome.registered)
      console.log(`Schema registry: registered ${r.operations} ${r.channel} operations from this checkout.`);
    for (const k of outcome.keptInRegistry)
      console.log(`Schema registry: keeps ${k.what} from ${k.by} (newer than this checkout's).`);
    for (const r of outcome.notRegistered)
      console.error(`Schema registry: ${r.channel} operations of this checkout NOT registered: ${r.message}`);
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  console.log('Starting the one-window data layer on embedded defaults...');
  if (process.env.NODE_ENV === 'production') {
    console.error(
      'npm start runs the demo (demo keys, mocks); production runs each part on its own: see the README.',
    );
    process.exit(2);
  }
  // Demo keys (identity provider, gateway context, audit checkpoints) in .data/keys, made once.
  const keys = await ensureDemoKeys(
    undefined,
    SUBGRAPHS.map((s) => s.name),
  );
  const store = demoStore();
  if (store.dir) process.once('exit', () => rmSync(store.dir!, { recursive: true, force: true }));
  await syncRegistry();
  const mocks = SUBGRAPHS.filter((s) => s.mock);
  for (const s of mocks) {
    const p = envPrefix(s.name);
    run(`mock:${s.name}`, `mocks/${s.name}/index.js`, {
      [`${p}_MOCK_PORT`]: String(s.mock!.port),
      [`${p}_MOCK_ADMIN_PORT`]: String(s.mock!.adminPort),
    });
  }
  await Promise.all(
    mocks.map((s) => waitHealthy(`mock:${s.name}`, `http://127.0.0.1:${s.mock!.adminPort}/health`)),
  );
  for (const s of SUBGRAPHS)
    run(`subgraph:${s.name}`, `subgraphs/${s.name}/index.js`, {
      ...store.env,
      [`${envPrefix(s.name)}_PORT`]: String(s.port),
    });
  await Promise.all(
    SUBGRAPHS.map((s) => waitHealthy(`subgraph:${s.name}`, `http://127.0.0.1:${s.port}/health`)),
  );
  run('registry', 'registry/index.js', { REGISTRY_PORT });
  await waitHealthy('registry', `http://127.0.0.1:${REGISTRY_PORT}/health`);
  const gatewayPort = process.env.GATEWAY_PORT ?? '4000';
  run('gateway', 'gateway/index.js', { GATEWAY_PORT: gatewayPort, GATEWAY_SUPERGRAPH_SOURCE: 'registry' });
  await waitHealthy('gateway', `http://127.0.0.1:${gatewayPort}/health`);

  console.log(
    `\nGateway:   http://127.0.0.1:${gatewayPort}/graphql   (GraphiQL explorer: http://127.0.0.1:${gatewayPort}/)`,
  );
  console.log('Subgraphs:');
  for (const s of SUBGRAPHS) console.log(`  ${s.name.padEnd(20)} http://127.0.0.1:${s.port}/graphql`);
  console.log(
    `Registry:  http://127.0.0.1:${REGISTRY_PORT}/v1/supergraph   (npm run subgraph -- list | check | publish | rollback)`,
  );
  console.log('Legacy mocks (protocol / admin):');
  for (const s of mocks)
    console.log(
      `  ${s.name.padEnd(20)} 127.0.0.1:${s.mock!.port} / http://127.0.0.1:${s.mock!.adminPort}/stats`,
    );
  console.log(
    `\nDemo keys: ${path.dirname(keys.issuerPrivate)} (every request needs a token; production refuses these keys).`,
  );
  console.log('A first query, the counter view of Zhang Wei by a window officer handling his case:\n');
  console.log(
    'TOKEN=$(npm run -s token -- --role officer --department service-center --window A-07 --sub officer-0042)',
  );
  console.log(
    `curl -s http://127.0.0.1:${gatewayPort}/graphql -H 'content-type: application/json' -H 'x-channel: counter' \\\n  -H "authorization: Bearer $TOKEN" -H 'x-purpose: ${COUNTER_VIEW_PURPOSE}' \\\n  -d '${JSON.stringify({ query: COUNTER_VIEW_QUERY.replace(/\s+/g, ' '), variables: COUNTER_VIEW_VARIABLES })}'`,
  );
  console.log('\nCtrl-C stops everything.');
}

main().catch((e) => {
  if (!stopping) {
    console.error((e as Error).message);
    void stopAll(1);
  }
});
