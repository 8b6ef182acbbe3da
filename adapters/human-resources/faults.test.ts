import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startHumanResourcesMock } from '../../mocks/human-resources/server';
import { newAdapterContext } from '../kit/operation';
import { createHumanResourcesAdapter, type HumanResourcesAdapter } from './index';

const NOON = () => new Date('2026-11-26T12:00:00+08:00');

describe('human-resources adapter: legacy faults', () => {
  let mock: MockHandle;
  let adapter: HumanResourcesAdapter;
  beforeAll(async () => {
    mock = await startHumanResourcesMock({ world: loadWorld({ people: 50 }), baseLatencyMs: 0, clock: NOON });
  });
  afterAll(() => mock.close());
  // A fresh adapter per test, so one test's failures never open the breaker for the next.
  beforeEach(() => {
    mock.controller.clear();
    adapter = createHumanResourcesAdapter({ url: mock.url, timeoutMs: 500 });
  });
  afterEach(() => adapter.close());

  it('answers IN_MAINTENANCE with retryAfter 10800 at 02:00 Shanghai time, in the nightly window', async () => {
    const night = await startHumanResourcesMock({
      world: loadWorld({ people: 50 }),
      baseLatencyMs: 0,
      clock: () => new Date('2026-11-26T02:00:00+08:00'),
    });
    const nightAdapter = createHumanResourcesAdapter({ url: night.url });
    try {
      await expect(
        nightAdapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangWei),
      ).rejects.toMatchObject({
        code: 'IN_MAINTENANCE',
        department: 'human-resources',
        retryAfter: 10_800,
      });
      expect(await nightAdapter.ready()).toBe(false);
    } finally {
      await nightAdapter.close();
      await night.close();
    }
  });

  it('answers IN_MAINTENANCE with the Retry-After of the maintenance switch', async () => {
    mock.controller.set({ maintenanceRetryAfter: 90 });
    await expect(adapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangWei)).rejects.toMatchObject({
      code: 'IN_MAINTENANCE',
      retryAfter: 90,
    });
  });

  it('turns garbage bytes into BAD_LEGACY_REPLY', async () => {
    mock.controller.set({ garbage: true });
    await expect(adapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangWei)).rejects.toMatchObject({
      code: 'BAD_LEGACY_REPLY',
      department: 'human-resources',
      message: 'human-resources: reply is not GBK text',
    });
  });

  it('turns a server error into DEPARTMENT_UNAVAILABLE', async () => {
    mock.controller.set({ errorRate: 1 });
    await expect(adapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangWei)).rejects.toMatchObject({
      code: 'DEPARTMENT_UNAVAILABLE',
      message: 'human-resources answered a server error (500)',
    });
  });

  it('turns 429 into RATE_LIMITED with retryAfter', async () => {
    mock.controller.set({ rateLimitPerSecond: 0 });
    await expect(adapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangWei)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfter: 1,
    });
  });

  it('gives up on a hanging system after timeoutMs with DEPARTMENT_TIMEOUT', async () => {
    mock.controller.set({ hang: true });
    const started = Date.now();
    await expect(adapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangWei)).rejects.toMatchObject({
      code: 'DEPARTMENT_TIMEOUT',
      department: 'human-resources',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers DEPARTMENT_UNAVAILABLE when the system refuses connections', async () => {
    mock.controller.set({ refuse: true });
    try {
      await expect(
        adapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangWei),
      ).rejects.toMatchObject({
        code: 'DEPARTMENT_UNAVAILABLE',
      });
      expect(await adapter.ready()).toBe(false);
    } finally {
      mock.controller.clear();
    }
  });

  it('is ready when the system answers an empty query', async () => {
    expect(await adapter.ready()).toBe(true);
  });
});
