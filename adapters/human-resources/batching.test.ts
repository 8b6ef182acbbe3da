import { bulkPersonId, loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startHumanResourcesMock } from '../../mocks/human-resources/server';
import { MemoryCache } from '../kit/cache';
import { newAdapterContext } from '../kit/operation';
import { createHumanResourcesAdapter, type HumanResourcesAdapter } from './index';

const NOON = () => new Date('2026-11-26T12:00:00+08:00');

describe('human-resources adapter: batching', () => {
  let mock: MockHandle;
  let adapter: HumanResourcesAdapter;
  beforeAll(async () => {
    mock = await startHumanResourcesMock({ world: loadWorld({ people: 50 }), baseLatencyMs: 0, clock: NOON });
    adapter = createHumanResourcesAdapter({ url: mock.url });
  });
  afterAll(async () => {
    await adapter.close();
    await mock.close();
  });
  beforeEach(() => mock.controller.resetCounts());

  it('asks for the people of one request in a single bulk query', async () => {
    const ctx = newAdapterContext();
    const cards = await Promise.all(
      [GOLDEN.zhangWei, GOLDEN.liNa, GOLDEN.zhangXiaoyu].map((id) => adapter.socialSecurityByPerson(ctx, id)),
    );
    expect(cards.map((c) => c?.cardNumber ?? null)).toEqual(['SH0017350017', 'SH0017220022', null]);
    expect(mock.controller.stats()).toMatchObject({
      requests: 1,
      byOperation: { 'ss-query': 1 },
      keysByOperation: { 'ss-query': 3 },
    });
  });

  it('sends the ids of requests that came while its connections were busy in one bulk query', async () => {
    const one = createHumanResourcesAdapter({ url: mock.url, connections: 1 });
    try {
      const ids = Array.from({ length: 20 }, (_, i) => bulkPersonId(i));
      // Twenty requests, each its own context: the first goes out alone, the other 19 wait for it.
      const cards = await Promise.all(ids.map((id) => one.socialSecurityByPerson(newAdapterContext(), id)));
      expect(cards.filter((c) => c instanceof Error)).toEqual([]);
      expect(mock.controller.stats()).toMatchObject({
        requests: 2,
        byOperation: { 'ss-query': 2 },
        keysByOperation: { 'ss-query': 20 },
      });
    } finally {
      await one.close();
    }
  });

  it('splits 600 ids into two bulk queries of 500 and 100', async () => {
    const ids = Array.from({ length: 600 }, (_, i) => bulkPersonId(i));
    const results = await adapter.operations.socialSecurityByPerson.loadMany(newAdapterContext(), ids);
    expect(results).toHaveLength(600);
    expect(results.filter((r) => r instanceof Error)).toEqual([]);
    expect(mock.controller.stats()).toMatchObject({
      requests: 2,
      byOperation: { 'ss-query': 2 },
      keysByOperation: { 'ss-query': 600 },
    });
  });

  it('throws INVALID_IDENTITY_NUMBER for a bad check digit without asking the system', async () => {
    await expect(
      adapter.socialSecurityByPerson(newAdapterContext(), '310107199003070018'),
    ).rejects.toMatchObject({
      code: 'INVALID_IDENTITY_NUMBER',
      message: '"310107199003070018" is not a valid identity number: check digit is 8, expected 7',
    });
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('serves a second request from the cache without asking the system again', async () => {
    const cached = createHumanResourcesAdapter({ url: mock.url, cache: new MemoryCache() });
    try {
      await cached.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangWei);
      await cached.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangXiaoyu);
      const again = await Promise.all([
        cached.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangWei),
        cached.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangXiaoyu),
      ]);
      expect(again.map((s) => s?.contributionMonths ?? null)).toEqual([91, null]);
      expect(mock.controller.stats().requests).toBe(2);
    } finally {
      await cached.close();
    }
  });
});
