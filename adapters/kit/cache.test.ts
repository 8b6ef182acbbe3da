import { MemoryCache } from './cache';

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
