import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';

const run = promisify(execFile);

/** A Redis Cluster of real `redis-server` processes on this machine, for the integration suites. */
export interface RedisCluster {
  /** `redis://127.0.0.1:<port>` of every node, the first being where clients start (REDIS_URL). */
  urls: string[];
  /** A new ioredis client of the cluster, ready (the caller disconnects it). */
  client(): Promise<Cluster>;
  /** How many keys starting with `prefix` each master holds, by its port. */
  keysByMaster(prefix: string): Promise<Record<string, number>>;
  /** Moves every slot of the master on `fromPort` to another master (`redis-cli --cluster reshard`), keys and all. */
  moveAllSlots(fromPort: string): Promise<void>;
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
  const client = async () => {
    const c = new Cluster([{ host: '127.0.0.1', port: ports[0]! }]);
    await new Promise((resolve) => c.once('ready', resolve));
    return c;
  };
  return {
    urls: ports.map((p) => `redis://127.0.0.1:${p}`),
    client,
    async keysByMaster(prefix) {
      const c = await client();
      try {
        // KEYS on a node lists only the keys that node holds.
        const masters = c.nodes('master');
        const counts = await Promise.all(masters.map(async (node) => (await node.keys(`${prefix}*`)).length));
        return Object.fromEntries(masters.map((node, i) => [String(node.options.port), counts[i]!]));
      } finally {
        c.disconnect();
      }
    },
    async moveAllSlots(fromPort) {
      // `cluster nodes`: "<id> <ip>:<port>@<bus port> <flags> ..." per node.
      const masters = (await cliAt(ports[0]!, ['cluster', 'nodes']))
        .trim()
        .split('\n')
        .map((line) => line.split(' '))
        .filter((f) => f[2]!.includes('master'))
        .map((f) => ({ id: f[0]!, port: f[1]!.split('@')[0]!.split(':')[1]! }));
      const from = masters.find((m) => m.port === fromPort);
      const to = masters.find((m) => m.port !== fromPort);
      if (!from || !to) throw new Error(`Redis Cluster: no master on port ${fromPort}, or no other`);
      await cliAt(ports[0]!, [
        '--cluster',
        'reshard',
        `127.0.0.1:${fromPort}`,
        '--cluster-from',
        from.id,
        '--cluster-to',
        to.id,
        '--cluster-slots',
        '16384',
        '--cluster-yes',
      ]);
    },
    stop,
  };
}
