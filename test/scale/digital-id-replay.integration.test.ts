import { randomBytes } from 'node:crypto';
import { createBigDataCenterAdapter, type BigDataCenterAdapter } from '../../adapters/big-data-center';
import { createCache, MemoryCache, RedisCache, type Cache } from '../../adapters/kit/cache';
import { DataLayerError } from '../../adapters/kit/errors';
import { newAdapterContext } from '../../adapters/kit/operation';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) throw new Error('REDIS_URL must be set for the scale-out suites (see .ci/run)');

/**
 * The digital ID's replay memory (the code ids verified, kept until expiry + grace) lives in the
 * adapter's cache, so instances of the Big Data Center subgraph that share Redis share it: a code
 * scanned at one instance and shown again, after it expired, at another is told REPLAYED, not just
 * EXPIRED. Each "instance" here is an adapter with its own Redis connection and nothing in memory
 * in common with the other, as two processes would be.
 */
describe('digital-ID replay memory across Big Data Center instances', () => {
  let mock: MockHandle;
  let offsetMs = 0; // how far the scanners' clocks run ahead of the platform's
  const caches: Cache[] = [];
  const adapters: BigDataCenterAdapter[] = [];
  const instance = (cache: Cache) => {
    caches.push(cache);
    const adapter = createBigDataCenterAdapter({ url: mock.url, cache, now: () => Date.now() + offsetMs });
    adapters.push(adapter);
    return adapter;
  };
  const refusal = async (p: Promise<unknown>) =>
    p.then(
      () => 'accepted',
      (e: unknown) => (e instanceof DataLayerError ? e.code : String(e)),
    );

  beforeAll(async () => {
    mock = await startBigDataCenterMock({
      port: 0,
      adminPort: 0,
      world: loadWorld({ people: 20 }),
      baseLatencyMs: 0,
    });
  });
  afterAll(async () => {
    await Promise.all(adapters.map((a) => a.close()));
    await Promise.all(caches.map((c) => c.close()));
    await mock.close();
  });

  it('tells REPLAYED at another instance sharing Redis, and only EXPIRED at one with its own memory', async () => {
    const prefix = `owdl-scale-test:${randomBytes(4).toString('hex')}:`;
    const gate = instance(createCache({ redisUrl, prefix }));
    const otherGate = instance(createCache({ redisUrl, prefix }));
    const loner = instance(new MemoryCache());
    expect(caches.slice(0, 2).every((c) => c instanceof RedisCache)).toBe(true);
    const { code } = await gate.issueDigitalId(newAdapterContext(), { type: 'PERSON', id: GOLDEN.liNa });
    expect((await gate.verifyDigitalId(code, 'LIBRARY')).holderType).toBe('PERSON');
    offsetMs = 61_000; // past the code's minute of validity
    expect([
      await refusal(otherGate.verifyDigitalId(code, 'LIBRARY')),
      await refusal(loner.verifyDigitalId(code, 'LIBRARY')),
    ]).toEqual(['DIGITAL_ID_REPLAYED', 'DIGITAL_ID_EXPIRED']);
  });
});
