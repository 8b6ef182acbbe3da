import { MemoryCache, type Cache } from '../kit/cache';
import { seenCacheKey, SeenCodes } from './digital-id-replay';

const NOW = Date.parse('2026-11-26T06:00:00Z');
const EXP = NOW / 1000 + 60; // a code's expiry, epoch s
const GRACE_MS = 300_000;

/** A shared cache (not a MemoryCache) that records its writes; `down` makes every call fail. */
function recordingCache(): Cache & { writes: { keys: string[]; ttlMs: number }[]; down: boolean } {
  const store = new Map<string, unknown>();
  const cache = {
    writes: [] as { keys: string[]; ttlMs: number }[],
    down: false,
    async getMany<T>(keys: readonly string[]) {
      if (cache.down) throw new Error('cache down');
      return keys.map((k) => store.get(k) as T | undefined);
    },
    async setMany<T>(entries: readonly { key: string; value: T }[], ttlMs: number) {
      if (cache.down) throw new Error('cache down');
      cache.writes.push({ keys: entries.map((e) => e.key), ttlMs });
      for (const e of entries) store.set(e.key, e.value);
    },
    async delete() {},
    async close() {},
  };
  return cache;
}

describe('SeenCodes', () => {
  let now = NOW;
  const clock = () => now;
  beforeEach(() => (now = NOW));

  it('remembers a verified code in process until its expiry + grace, and no longer', async () => {
    const seen = new SeenCodes({ cache: new MemoryCache(), now: clock, graceMs: GRACE_MS });
    expect(await seen.seen('j-1', EXP)).toBe(false);
    await seen.remember('j-1', EXP);
    await seen.remember('j-1', EXP); // a second scan inside the validity
    expect(seen.localSize).toBe(1);
    now = NOW + 61_000;
    expect([await seen.seen('j-1', EXP), await seen.seen('j-2', EXP)]).toEqual([true, false]);
    now = EXP * 1000 + GRACE_MS + 1;
    expect(await seen.seen('j-1', EXP)).toBe(false);
    expect(seen.localSize).toBe(0);
  });

  it('writes nothing into an in-process MemoryCache: it stays for certificates', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.setMany([{ key: 'certificate:1', value: 'kept' }], 60_000);
    const seen = new SeenCodes({ cache, now: clock, graceMs: GRACE_MS });
    for (let i = 0; i < 5; i++) await seen.remember(`j-${i}`, EXP);
    expect(await cache.getMany(['certificate:1', seenCacheKey('j-0')])).toEqual(['kept', undefined]);
  });

  it('writes the first scan of each code to a shared cache, one round trip per turn, until expiry + grace', async () => {
    const cache = recordingCache();
    const seen = new SeenCodes({ cache, now: clock, graceMs: GRACE_MS });
    await Promise.all([seen.remember('j-1', EXP), seen.remember('j-2', EXP), seen.remember('j-3', EXP + 1)]);
    await seen.remember('j-1', EXP); // seen here already: nothing to write
    expect(cache.writes).toEqual([
      { keys: [seenCacheKey('j-1'), seenCacheKey('j-2')], ttlMs: 60_000 + GRACE_MS },
      { keys: [seenCacheKey('j-3')], ttlMs: 61_000 + GRACE_MS },
    ]);
  });

  it('tells a code seen at another instance sharing the cache, and only EXPIRED when the cache is down', async () => {
    const cache = recordingCache();
    const gate = new SeenCodes({ cache, now: clock, graceMs: GRACE_MS });
    const otherGate = new SeenCodes({ cache, now: clock, graceMs: GRACE_MS });
    await gate.remember('j-1', EXP);
    now = NOW + 61_000;
    expect(await otherGate.seen('j-1', EXP)).toBe(true);
    cache.down = true;
    expect([await otherGate.seen('j-1', EXP), await gate.seen('j-1', EXP)]).toEqual([false, true]);
    await expect(gate.remember('j-2', EXP)).resolves.toBeUndefined(); // logged, not thrown
  });

  it('keeps at most maxLocal ids, dropping those due to be forgotten first', async () => {
    const seen = new SeenCodes({ cache: new MemoryCache(), now: clock, graceMs: GRACE_MS, maxLocal: 3 });
    await seen.remember('late', EXP + 30);
    await seen.remember('early-1', EXP);
    await seen.remember('early-2', EXP);
    await seen.remember('middle', EXP + 10);
    await seen.remember('late-2', EXP + 30);
    expect(seen.localSize).toBe(3);
    expect(
      await Promise.all([
        seen.seen('early-1', EXP),
        seen.seen('early-2', EXP),
        seen.seen('middle', EXP + 10),
        seen.seen('late', EXP + 30),
        seen.seen('late-2', EXP + 30),
      ]),
    ).toEqual([false, false, true, true, true]);
  });

  it('does not keep a code whose expiry + grace has passed', async () => {
    const cache = recordingCache();
    const seen = new SeenCodes({ cache, now: clock, graceMs: GRACE_MS });
    now = EXP * 1000 + GRACE_MS;
    await seen.remember('j-1', EXP);
    expect([seen.localSize, cache.writes.length]).toEqual([0, 0]);
  });
});
