import type Redis from 'ioredis';
import { cacheFromEnv, cacheOptionsFromEnv, MemoryCache, RedisCache } from './cache';

describe('MemoryCache', () => {
  it('returns what was set until it expires', async () => {
    const cache = new MemoryCache();
    await cache.setMany([{ key: 'a', value: { n: 1 } }], 30);
    expect(await cache.getMany(['a', 'b'])).toEqual([{ n: 1 }, undefined]);
    await new Promise((r) => setTimeout(r, 40));
    expect(await cache.getMany(['a'])).toEqual([undefined]);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.setMany(
      [
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
        { key: 'c', value: 3 },
      ],
      10_000,
    );
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([undefined, 2, 3]);
  });

  it('hands out copies, so a caller cannot change what others read', async () => {
    const cache = new MemoryCache();
    await cache.setMany([{ key: 'a', value: { list: [1] } }], 10_000);
    const [v] = await cache.getMany<{ list: number[] }>(['a']);
    v!.list.push(2);
    expect(await cache.getMany(['a'])).toEqual([{ list: [1] }]);
  });
});

describe('cacheOptionsFromEnv', () => {
  it('reads REDIS_URL, REDIS_CLUSTER and CACHE_KEY_PREFIX', () => {
    expect(
      cacheOptionsFromEnv({
        REDIS_URL: 'redis://cache:6379',
        REDIS_CLUSTER: '1',
        CACHE_KEY_PREFIX: 'bench-1:',
      }),
    ).toEqual({ redisUrl: 'redis://cache:6379', cluster: true, prefix: 'bench-1:' });
  });

  it("leaves the prefix to the cache's default ('owdl:') when CACHE_KEY_PREFIX is unset or empty", () => {
    expect(cacheOptionsFromEnv({ REDIS_URL: 'redis://cache:6379' })).toEqual({
      redisUrl: 'redis://cache:6379',
      cluster: false,
    });
    expect(cacheOptionsFromEnv({ REDIS_URL: '', CACHE_KEY_PREFIX: '' })).toEqual({
      redisUrl: undefined,
      cluster: false,
    });
  });

  it('is in-process without REDIS_URL', () => {
    expect(cacheFromEnv({ CACHE_KEY_PREFIX: 'x:' })).toBeInstanceOf(MemoryCache);
  });
});

describe('RedisCache key prefix', () => {
  /** A stand-in for ioredis that records the keys of its commands. */
  const fakeRedis = () => {
    const keys: string[] = [];
    const command = async (k: string) => {
      keys.push(k);
      return null;
    };
    return { keys, redis: { get: command, set: command, del: command } as unknown as Redis };
  };

  it("prefixes every key with the prefix it is given, 'owdl:' by default", async () => {
    const given = fakeRedis();
    await new RedisCache(given.redis, 'bench-1:').setMany([{ key: 'a', value: 1 }], 1_000);
    await new RedisCache(given.redis, 'bench-1:').getMany(['b']);
    expect(given.keys).toEqual(['bench-1:a', 'bench-1:b']);
    const fallback = fakeRedis();
    await new RedisCache(fallback.redis).getMany(['c']);
    await new RedisCache(fallback.redis).delete(['d']);
    expect(fallback.keys).toEqual(['owdl:c', 'owdl:d']);
  });
});
