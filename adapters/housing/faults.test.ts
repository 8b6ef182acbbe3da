import { GOLDEN } from '../../mocks/data/golden';
import { loadWorld } from '../../mocks/data/generator';
import { startHousingMock } from '../../mocks/housing/server';
import type { MockHandle } from '../../mocks/kit/mock-server';
import type { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { createHousingAdapter, type HousingAdapter } from './index';

const zhangWei = { type: 'PERSON' as const, id: GOLDEN.zhangWei };

async function rejection(p: Promise<unknown>): Promise<DataLayerError> {
  try {
    await p;
  } catch (e) {
    return e as DataLayerError;
  }
  throw new Error('expected a rejection');
}

function errorOf(e: DataLayerError) {
  return { code: e.code, department: e.department, retryAfter: e.retryAfter };
}

describe('housing adapter: faults', () => {
  let mock: MockHandle;
  let adapter: HousingAdapter;

  beforeAll(async () => {
    mock = await startHousingMock({ world: loadWorld({ people: 50 }), baseLatencyMs: 0 });
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.controller.clear();
    mock.controller.resetCounts();
    adapter = createHousingAdapter({ url: mock.url, requestTimeoutMs: 300 });
  });
  afterEach(async () => {
    mock.controller.clear();
    await adapter.close();
  });

  it('turns an ERR record into LEGACY_FAULT and keeps the connection, which stays in step', async () => {
    mock.controller.set({ errorRate: 1 });
    const e = await rejection(adapter.propertiesByOwner(newAdapterContext(), zhangWei));
    expect(errorOf(e)).toEqual({ code: 'LEGACY_FAULT', department: 'housing', retryAfter: undefined });
    expect(e.message).toBe('housing registry error E900: 交易异常终止 ABEND ASRA，请重试');
    mock.controller.clear();
    expect(await adapter.propertiesByOwner(newAdapterContext(), zhangWei)).toHaveLength(1);
    expect(adapter.connections()).toMatchObject({ opened: 1, discarded: 0 });
  });

  it('turns the maintenance error record into IN_MAINTENANCE with its retry-after', async () => {
    mock.controller.set({ maintenanceRetryAfter: 1800 });
    const e = await rejection(adapter.propertiesByOwner(newAdapterContext(), zhangWei));
    expect(errorOf(e)).toEqual({ code: 'IN_MAINTENANCE', department: 'housing', retryAfter: 1800 });
  });

  it('turns the throttle error record into RATE_LIMITED with its retry-after', async () => {
    mock.controller.set({ rateLimitPerSecond: 1 });
    await adapter.propertiesByOwner(newAdapterContext(), zhangWei);
    const e = await rejection(
      adapter.propertiesByOwner(newAdapterContext(), { type: 'PERSON', id: GOLDEN.liNa }),
    );
    expect(errorOf(e)).toEqual({ code: 'RATE_LIMITED', department: 'housing', retryAfter: 1 });
  });

  it('fails garbage with BAD_LEGACY_REPLY, discards that connection, and works on a new one once healed', async () => {
    mock.controller.set({ garbage: true });
    const e = await rejection(adapter.propertiesByOwner(newAdapterContext(), zhangWei));
    expect(errorOf(e)).toEqual({ code: 'BAD_LEGACY_REPLY', department: 'housing', retryAfter: undefined });
    expect(adapter.connections()).toMatchObject({ open: 0, discarded: 1 });
    mock.controller.clear();
    expect(await adapter.propertiesByOwner(newAdapterContext(), zhangWei)).toHaveLength(1);
    expect(adapter.connections()).toMatchObject({ open: 1, opened: 2, discarded: 1 });
  });

  it('fails with DEPARTMENT_UNAVAILABLE while the registry refuses connections, and recovers after', async () => {
    await adapter.propertiesByOwner(newAdapterContext(), { type: 'PERSON', id: GOLDEN.wangQiang });
    mock.controller.set({ refuse: true });
    const e = await rejection(adapter.propertiesByOwner(newAdapterContext(), zhangWei));
    expect(errorOf(e)).toEqual({
      code: 'DEPARTMENT_UNAVAILABLE',
      department: 'housing',
      retryAfter: undefined,
    });
    mock.controller.clear();
    await new Promise((r) => setTimeout(r, 50));
    expect(await adapter.propertiesByOwner(newAdapterContext(), zhangWei)).toHaveLength(1);
  });

  it('fails a hung exchange with DEPARTMENT_TIMEOUT and discards that connection', async () => {
    mock.controller.set({ hang: true });
    const e = await rejection(adapter.propertiesByOwner(newAdapterContext(), zhangWei));
    expect(errorOf(e)).toEqual({ code: 'DEPARTMENT_TIMEOUT', department: 'housing', retryAfter: undefined });
    expect(adapter.connections()).toMatchObject({ open: 0, discarded: 1 });
  });
});
