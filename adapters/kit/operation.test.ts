import { MemoryCache } from './cache';
import { DataLayerError } from './errors';
import { LegacyOperation, newAdapterContext } from './operation';

function fakeLegacy(records: Record<string, string>) {
  const calls: string[][] = [];
  const batch = async (keys: readonly string[]) => {
    calls.push([...keys]);
    return keys.map((k) => records[k] ?? null);
  };
  return { calls, batch };
}

describe('LegacyOperation', () => {
  it('batches the keys of one request into one legacy call, one slot per key', async () => {
    const legacy = fakeLegacy({ a: 'A', b: 'B' });
    const op = new LegacyOperation({ department: 'test', name: 'thing.byId', batch: legacy.batch });
    const ctx = newAdapterContext();
    const results = await Promise.all([
      op.load(ctx, 'a'),
      op.load(ctx, 'b'),
      op.load(ctx, 'zz'),
      op.load(ctx, 'a'),
    ]);
    expect(results).toEqual(['A', 'B', null, 'A']);
    expect(legacy.calls).toEqual([['a', 'b', 'zz']]);
    expect(op.stats).toEqual({ calls: 1, keys: 3, cacheHits: 0, staleServes: 0 });
  });

  it('splits batches at maxBatchSize', async () => {
    const legacy = fakeLegacy({});
    const op = new LegacyOperation({ department: 'test', name: 'x', batch: legacy.batch, maxBatchSize: 50 });
    const ctx = newAdapterContext();
    await op.loadMany(
      ctx,
      Array.from({ length: 120 }, (_, i) => `k${i}`),
    );
    expect(legacy.calls.map((c) => c.length)).toEqual([50, 50, 20]);
  });

  it("never puts two requests' keys into one batch; the same key at the same moment is fetched once", async () => {
    const legacy = fakeLegacy({ a: 'A', b: 'B' });
    const op = new LegacyOperation({ department: 'test', name: 'x', batch: legacy.batch });
    await Promise.all([op.load(newAdapterContext(), 'a'), op.load(newAdapterContext(), 'b')]);
    expect(legacy.calls).toEqual([['a'], ['b']]);
    // Coalescing (coalescing.test.ts): the second request waits for the first one's call.
    expect(await Promise.all([op.load(newAdapterContext(), 'a'), op.load(newAdapterContext(), 'a')])).toEqual(
      ['A', 'A'],
    );
    expect(legacy.calls).toEqual([['a'], ['b'], ['a']]);
    expect(op.coalescedKeys).toBe(1);
  });

  it('serves the second request from the cache, including "not found"', async () => {
    const legacy = fakeLegacy({ a: 'A' });
    const op = new LegacyOperation({
      department: 'test',
      name: 'x',
      batch: legacy.batch,
      cache: new MemoryCache(),
    });
    await op.loadMany(newAdapterContext(), ['a', 'missing']);
    expect(await op.loadMany(newAdapterContext(), ['a', 'missing'])).toEqual(['A', null]);
    expect(legacy.calls).toEqual([['a', 'missing']]);
    expect(op.stats.cacheHits).toBe(2);
    await op.invalidate(['a']);
    await op.load(newAdapterContext(), 'a');
    expect(legacy.calls).toEqual([['a', 'missing'], ['a']]);
  });

  it('gives a key its own error without failing the others', async () => {
    const op = new LegacyOperation<string, string>({
      department: 'test',
      name: 'x',
      batch: async (keys) =>
        keys.map((k) => (k === 'bad' ? new DataLayerError('NOT_FOUND', 'no') : k.toUpperCase())),
    });
    const res = await op.loadMany(newAdapterContext(), ['ok', 'bad']);
    expect(res[0]).toBe('OK');
    expect((res[1] as DataLayerError).code).toBe('NOT_FOUND');
  });

  it('turns a reply with the wrong number of slots into BAD_LEGACY_REPLY', async () => {
    const op = new LegacyOperation<string, string>({
      department: 'test',
      name: 'x',
      batch: async () => ['only one'],
    });
    const res = await op.loadMany(newAdapterContext(), ['a', 'b']);
    expect((res[0] as DataLayerError).code).toBe('BAD_LEGACY_REPLY');
    expect((res[0] as DataLayerError).department).toBe('test');
  });

  it('refuses a maxBatchSize that is not a positive integer, naming it', () => {
    expect(
      () => new LegacyOperation({ department: 't', name: 'x', batch: async () => [], maxBatchSize: 0 }),
    ).toThrow('maxBatchSize must be a positive integer: 0');
  });
});
