import { randomBytes } from 'node:crypto';
import { createCache, RedisCache, type Cache } from '../kit/cache';
import { newAdapterContext } from '../kit/operation';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import { createBigDataCenterAdapter, type BigDataCenterAdapter } from './index';
import { readerSeesWriterWrites } from './invalidation-scenario';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) throw new Error('REDIS_URL must be set for the Redis integration suite (see .ci/run)');

let mock: MockHandle;
const caches: Cache[] = [];
const adapters: BigDataCenterAdapter[] = [];

beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 50 }),
    baseLatencyMs: 0,
  });
});
afterAll(async () => {
  await Promise.all(adapters.map((a) => a.close()));
  await Promise.all(caches.map((c) => c.close()));
  await mock.close();
});

describe('certificate cache invalidation on writes, Redis', () => {
  it("shows a writer's issue and revocation at once to a reader in another process (own adapter, own Redis connection)", async () => {
    // What two processes share: the Redis server and the key prefix; nothing in memory.
    const prefix = `owdl-test:${randomBytes(4).toString('hex')}:`;
    const [readerCache, writerCache] = [createCache({ redisUrl, prefix }), createCache({ redisUrl, prefix })];
    caches.push(readerCache, writerCache);
    expect(readerCache).toBeInstanceOf(RedisCache);
    const reader = createBigDataCenterAdapter({ url: mock.url, cache: readerCache });
    const writer = createBigDataCenterAdapter({ url: mock.url, cache: writerCache });
    adapters.push(reader, writer);
    const seen = await readerSeesWriterWrites(
      reader,
      writer,
      mock,
      GOLDEN.wangQiang,
      randomBytes(4).toString('hex'),
    );
    expect(seen.listLengths).toEqual([4, 4, 5]);
    expect(seen.afterIssue).toEqual({ listed: true, byId: 'VALID', byCode: 'VALID' });
    expect(seen.afterRevoke).toEqual({ byHolder: 'REVOKED', byId: 'REVOKED', byCode: 'REVOKED' });
    expect(seen.requests).toEqual({
      'certificates:searchByHolders': 3,
      'certificates:issue': 1,
      'certificates:revoke': 1,
      'certificates:batchGet': 2,
      'certificates:findByVerificationCode': 2,
    });
    // The reader's entries live in Redis: a third instance (a third process) is served from there.
    const thirdCache = createCache({ redisUrl, prefix });
    caches.push(thirdCache);
    const third = createBigDataCenterAdapter({ url: mock.url, cache: thirdCache });
    adapters.push(third);
    mock.controller.resetCounts();
    const listed = await third.certificatesByHolder(newAdapterContext(), {
      type: 'PERSON',
      id: seen.issued.holderId,
    });
    expect(listed.find((c) => c.id === seen.issued.id)?.status).toBe('REVOKED');
    expect(mock.controller.stats().requests).toBe(0);
  });
});
