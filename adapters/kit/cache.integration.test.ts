import { randomBytes } from 'node:crypto';
import { createCache, RedisCache } from './cache';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) throw new Error('REDIS_URL must be set for the Redis integration suite (see .ci/run)');

describe('RedisCache against a real Redis', () => {
  const cache = createCache({ redisUrl, prefix: `owdl-test:${randomBytes(4).toString('hex')}:` });
  afterAll(() => cache.close());

  it('is what createCache returns when REDIS_URL is set', () => {
    expect(cache).toBeInstanceOf(RedisCache);
  });

  it('round-trips values in one pipeline and expires them', async () => {
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

  it('deletes keys', async () => {
    await cache.setMany([{ key: 'x', value: 1 }], 10_000);
    await cache.delete(['x']);
    expect(await cache.getMany(['x'])).toEqual([undefined]);
  });
});
