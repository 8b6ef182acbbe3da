import { randomBytes } from 'node:crypto';
import { createBigDataCenterAdapter } from '../../adapters/big-data-center';
import { createCache, RedisCache, type Cache } from '../../adapters/kit/cache';
import { DataLayerError } from '../../adapters/kit/errors';
import { newAdapterContext } from '../../adapters/kit/operation';
import { createPublicSecurityAdapter, type PublicSecurityAdapter } from '../../adapters/public-security';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startPublicSecurityMock } from '../../mocks/public-security/server';
import { startRedisCluster, type RedisCluster } from './redis-cluster';

if (!process.env.REDIS_URL) throw new Error('REDIS_URL must be set for the scale-out suites (see .ci/run)');

/**
 * The cache on a real Redis Cluster (REDIS_CLUSTER=1 in production; `createCache({ cluster: true })`):
 * three masters started for the suite (redis-cluster.ts), the keys spread over all three, as
 * production's would be. What a single server hides and a cluster shows: commands over keys of
 * several slots (MGET, multi-key DEL, pipelines) and keys that move between nodes.
 */
describe('the cache on a real Redis Cluster', () => {
  let cluster: RedisCluster;
  const caches: Cache[] = [];
  const cacheOnCluster = (prefix: string) => {
    const cache = createCache({ redisUrl: cluster.urls[0], cluster: true, prefix });
    caches.push(cache);
    return cache;
  };
  beforeAll(async () => {
    cluster = await startRedisCluster(3);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(caches.map((c) => c.close()));
    await cluster?.stop();
  });

  it('keeps, reads, expires and deletes keys spread over every master', async () => {
    const prefix = `owdl-cluster-test:${randomBytes(4).toString('hex')}:`;
    const cache = cacheOnCluster(prefix);
    expect(cache).toBeInstanceOf(RedisCache);
    const keys = Array.from({ length: 60 }, (_, i) => `person:${i}`);
    await cache.setMany(
      keys.map((key, i) => ({ key, value: { n: i, name: '张伟' } })),
      60_000,
    );
    const spread = Object.values(await cluster.keysByMaster(prefix));
    expect(spread).toHaveLength(3);
    expect(spread.reduce((a, b) => a + b, 0)).toBe(60);
    // Every master holds some: one multi-key command would have failed with CROSSSLOT.
    expect(spread.every((n) => n > 0)).toBe(true);

    expect(await cache.getMany([...keys, 'person:none'])).toEqual([
      ...keys.map((_, i) => ({ n: i, name: '张伟' })),
      undefined,
    ]);
    await cache.delete(keys.slice(0, 30));
    expect((await cache.getMany(keys)).filter((v) => v === undefined)).toHaveLength(30);

    await cache.setMany([{ key: 'short', value: 1 }], 200);
    expect(await cache.getMany(['short'])).toEqual([1]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await cache.getMany(['short'])).toEqual([undefined]);
  });

  it('reads a key of another type as a miss, not a failure', async () => {
    const prefix = `owdl-cluster-test:${randomBytes(4).toString('hex')}:`;
    const cache = cacheOnCluster(prefix);
    const other = await cluster.client();
    try {
      await other.rpush(`${prefix}a-list`, 'x');
      await cache.setMany([{ key: 'b', value: 2 }], 60_000);
      expect(await cache.getMany(['a-list', 'b'])).toEqual([undefined, 2]);
    } finally {
      other.disconnect();
    }
  });

  describe('two public-security instances sharing the cluster', () => {
    let mock: MockHandle;
    const adapters: PublicSecurityAdapter[] = [];
    beforeAll(async () => {
      mock = await startPublicSecurityMock({
        port: 0,
        adminPort: 0,
        world: loadWorld({ people: 60 }),
        baseLatencyMs: 0,
      });
    });
    afterAll(async () => {
      await Promise.all(adapters.map((a) => a.close()));
      await mock.close();
    });

    it('serves through B what A read, with no legacy call, and follows the keys when their slots move to another master', async () => {
      const prefix = `owdl-cluster-test:${randomBytes(4).toString('hex')}:`;
      const [a, b] = [0, 1].map(() => {
        const adapter = createPublicSecurityAdapter({ url: mock.url, cache: cacheOnCluster(prefix) });
        adapters.push(adapter);
        return adapter;
      }) as [PublicSecurityAdapter, PublicSecurityAdapter];
      const ids = [GOLDEN.zhangWei, GOLDEN.liNa, GOLDEN.zhangXiaoyu];
      const read = (adapter: PublicSecurityAdapter) => adapter.peopleByIds(newAdapterContext(), ids);

      const throughA = await read(a);
      expect(throughA.map((p) => (p instanceof Error || !p ? p : p.name))).toEqual([
        '张伟',
        '李娜',
        '张晓玥',
      ]);
      expect(a.personOperation.stats.calls).toBe(1);
      expect(await read(b)).toEqual(throughA);
      expect(b.personOperation.stats).toMatchObject({ calls: 0, cacheHits: 3 });

      // Move every slot of the master holding most of the three records to another master (a
      // resharding, as adding or removing a master does): B's clients learn where the keys went
      // from MOVED and still read them there.
      const before = await cluster.keysByMaster(prefix);
      const fromPort = Object.entries(before).sort((x, y) => y[1] - x[1])[0]![0];
      await cluster.moveAllSlots(fromPort);
      const after = await cluster.keysByMaster(prefix);
      expect(before[fromPort]).toBeGreaterThan(0);
      expect({ moved: after[fromPort] ?? 0, total: Object.values(after).reduce((a, b) => a + b, 0) }).toEqual(
        {
          moved: 0,
          total: 3,
        },
      );
      expect(await read(b)).toEqual(throughA);
      expect(b.personOperation.stats).toMatchObject({ calls: 0, cacheHits: 6 });

      // An invalidation after the move lands on the master that holds the key now: the next read asks the registry.
      await a.personOperation.invalidate([GOLDEN.zhangWei]);
      await read(b);
      expect(b.personOperation.stats.calls).toBe(1);
    }, 60_000);
  });

  it("keeps the digital ID's replay memory across Big Data Center instances on the cluster", async () => {
    const mock = await startBigDataCenterMock({
      port: 0,
      adminPort: 0,
      world: loadWorld({ people: 20 }),
      baseLatencyMs: 0,
    });
    let offsetMs = 0;
    const prefix = `owdl-cluster-test:${randomBytes(4).toString('hex')}:`;
    const [gate, otherGate] = [0, 1].map(() =>
      createBigDataCenterAdapter({
        url: mock.url,
        cache: cacheOnCluster(prefix),
        now: () => Date.now() + offsetMs,
      }),
    ) as [ReturnType<typeof createBigDataCenterAdapter>, ReturnType<typeof createBigDataCenterAdapter>];
    try {
      const { code } = await gate.issueDigitalId(newAdapterContext(), { type: 'PERSON', id: GOLDEN.liNa });
      expect((await gate.verifyDigitalId(code, 'LIBRARY')).holderType).toBe('PERSON');
      offsetMs = 61_000;
      const refused = await otherGate.verifyDigitalId(code, 'LIBRARY').then(
        () => 'accepted',
        (e: unknown) => (e instanceof DataLayerError ? e.code : String(e)),
      );
      expect(refused).toBe('DIGITAL_ID_REPLAYED');
    } finally {
      await Promise.all([gate.close(), otherGate.close()]);
      await mock.close();
    }
  });
});
