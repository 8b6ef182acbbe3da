import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { createCache, RedisCache } from './cache';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) throw new Error('REDIS_URL must be set for the Redis integration suite (see .ci/run)');

describe('RedisCache against a real Redis', () => {
  const cache = createCache({ redisUrl, prefix: `owdl-test:${randomBytes(4).toString('hex')}:` });
  afterAll(() => cache.close());

  it('is what createCache returns when REDIS_URL is set', () => {
    expect(cache).toBeInstanceOf(RedisCache);
  });

  it('round-trips values and expires them', async () => {
    await cache.setMany(
      [
        { key: 'a', value: { name: '张伟' } },
        { key: 'b', value: null },
      ],
      200,
    );
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([{ name: '张伟' }, null, undefined]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await cache.getMany(['a'])).toEqual([undefined]);
  });

  it('sends what several requests ask in one turn of the event loop to Redis in one write', async () => {
    await cache.setMany([{ key: 'p', value: 1 }], 10_000);
    // Another connection reads Redis's count of socket reads (its own INFO is one more read).
    const observer = new Redis(redisUrl!);
    try {
      const readsSoFar = async () =>
        Number(/total_reads_processed:(\d+)/.exec(await observer.info('stats'))![1]);
      await readsSoFar(); // connected
      const before = await readsSoFar();
      const answers = await Promise.all([
        cache.getMany(['p', 'q']),
        cache.getMany(['p']),
        cache.setMany([{ key: 'r', value: 2 }], 10_000),
        cache.delete(['s']),
      ]);
      const after = await readsSoFar();
      expect(answers).toEqual([[1, undefined], [1], undefined, undefined]);
      // One read for the five commands, one for the second INFO.
      expect(after - before).toBe(2);
    } finally {
      observer.disconnect();
    }
  });

  it('deletes keys', async () => {
    await cache.setMany([{ key: 'x', value: 1 }], 10_000);
    await cache.delete(['x']);
    expect(await cache.getMany(['x'])).toEqual([undefined]);
  });
});
