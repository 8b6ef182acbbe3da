import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A Redis Cluster of real `redis-server` processes on this machine, for the integration suites. */
export interface RedisCluster {
  /** `redis://127.0.0.1:<port>` of every node, the first being where clients start (REDIS_URL). */
  urls: string[];
  /** Runs `redis-cli` with these arguments against the cluster's first node; its standard output. */
  cli(...args: string[]): Promise<string>;
  /** Stops every node and removes their files. */
  stop(): Promise<void>;
}

/** A TCP port nobody listens on now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`Redis Cluster: ${what} did not happen in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts `masters` redis-server processes in cluster mode (no persistence, files in a temp folder),
 * joins them with `redis-cli --cluster create` (the 16,384 slots split between them, no replicas)
 * and waits until every node reports `cluster_state:ok`. Needs `redis-server` and `redis-cli` on
 * the PATH, as on the machines `.ci/run` runs on.
 */
export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'owdl-redis-cluster-'));
  const ports: number[] = [];
  const nodes: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      nodes.map(
        (node) =>
          new Promise<void>((resolve) => {
            if (node.exitCode !== null || node.signalCode !== null) return resolve();
            node.once('exit', () => resolve());
            node.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  const cliAt = async (port: number, args: string[]) =>
    (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args])).stdout;
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      ports.push(port);
      const node = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--cluster-node-timeout',
          '5000',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
        ],
        { stdio: 'ignore' },
      );
      nodes.push(node);
      await until(`node ${port} answering`, async () => (await cliAt(port, ['ping'])).trim() === 'PONG');
    }
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (const port of ports)
      await until(`node ${port} cluster_state:ok`, async () =>
        (await cliAt(port, ['cluster', 'info'])).includes('cluster_state:ok'),
      );
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    urls: ports.map((p) => `redis://127.0.0.1:${p}`),
    cli: (...args) => cliAt(ports[0]!, args),
    stop,
  };
}
