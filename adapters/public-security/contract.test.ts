import { loadWorld, bulkPersonId } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startPublicSecurityMock } from '../../mocks/public-security/server';
import { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { createPublicSecurityAdapter, type PublicSecurityAdapter } from './index';

let mock: MockHandle;
let adapter: PublicSecurityAdapter;

beforeAll(async () => {
  mock = await startPublicSecurityMock({
    world: loadWorld({ people: 150 }),
    port: 0,
    adminPort: 0,
    baseLatencyMs: 0,
  });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.controller.clear();
  mock.controller.resetCounts();
  // A fresh adapter per test: a fault test must not leave an open breaker to the next one.
  adapter = createPublicSecurityAdapter({ url: mock.url });
});
afterEach(async () => {
  await adapter.close();
});

const ctx = () => newAdapterContext();

async function failure(p: Promise<unknown>): Promise<DataLayerError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof DataLayerError)) throw new Error(`expected a DataLayerError, got ${String(e)}`);
  return e;
}

describe('public-security adapter: the person core', () => {
  it('maps Zhang Wei from the registry record to the canonical person', async () => {
    expect(await adapter.personById(ctx(), GOLDEN.zhangWei)).toEqual({
      id: '310107199003070017',
      name: '张伟',
      nameLatin: 'ZHANG WEI',
      documentType: 'RESIDENT_ID_CARD',
      documentNumber: '310107199003070017',
      nationality: 'CHN',
      sex: 'MALE',
      birthDate: '1990-03-07',
      householdAddress: '上海市普陀区长寿路588弄12号602室',
      fatherId: null,
      motherId: null,
      childIds: ['310107202308150047'],
    });
    expect(mock.controller.stats().byOperation).toEqual({ QueryPersonBatch: 1 });
  });

  it('round-trips a GB18030 four-byte name and address exactly', async () => {
    const zhou = await adapter.personById(ctx(), GOLDEN.zhouYan);
    expect(zhou?.name).toBe('周𠮷䶮');
    expect([...zhou!.name]).toHaveLength(3);
    expect(zhou?.householdAddress).toBe('上海市普陀区武宁路𠮷祥里9号');
    expect(zhou?.sex).toBe('FEMALE');
    expect(zhou?.birthDate).toBe('1999-12-31');
  });

  it('serves the Hong Kong resident by residence permit, with no household address', async () => {
    expect(await adapter.personById(ctx(), GOLDEN.chanKaMing)).toEqual({
      id: '810000199505150031',
      name: '陳家明',
      nameLatin: 'CHAN KA MING',
      documentType: 'HK_MACAO_RESIDENCE_PERMIT',
      documentNumber: '810000199505150031',
      nationality: 'HKG',
      sex: 'MALE',
      birthDate: '1995-05-15',
      householdAddress: null,
      fatherId: null,
      motherId: null,
      childIds: [],
    });
  });

  it('finds the passport holder by document type, number and issuing country', async () => {
    expect(await adapter.personById(ctx(), 'p-gbr-533401827')).toEqual({
      id: 'P-GBR-533401827',
      name: 'WHITFIELD JAMES',
      nameLatin: 'WHITFIELD JAMES',
      documentType: 'PASSPORT',
      documentNumber: '533401827',
      nationality: 'GBR',
      sex: 'MALE',
      birthDate: '1982-11-03',
      householdAddress: null,
      fatherId: null,
      motherId: null,
      childIds: [],
    });
    // The same number issued by another country is another document: not found.
    expect(await adapter.personById(ctx(), 'P-USA-533401827')).toBeNull();
  });

  it('links the child to both parents and the parents to the child', async () => {
    const [child, mother] = await adapter.peopleByIds(ctx(), [GOLDEN.zhangXiaoyu, GOLDEN.liNa]);
    expect(child).toMatchObject({
      fatherId: GOLDEN.zhangWei,
      motherId: GOLDEN.liNa,
      birthDate: '2023-08-15',
      childIds: [],
    });
    expect(mother).toMatchObject({ sex: 'FEMALE', childIds: [GOLDEN.zhangXiaoyu] });
  });

  it('answers null for a valid id the registry does not hold', async () => {
    expect(await adapter.personById(ctx(), '110101199001010015')).toBeNull();
    expect(mock.controller.stats().keysByOperation).toEqual({ QueryPersonBatch: 1 });
  });
});

describe('public-security adapter: validation before any call', () => {
  it('rejects a wrong check digit with INVALID_IDENTITY_NUMBER and sends nothing', async () => {
    const e = await failure(adapter.personById(ctx(), '310107199003070018'));
    expect([e.code, e.department]).toEqual(['INVALID_IDENTITY_NUMBER', 'public-security']);
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('fails only the invalid slot of a batch and asks for the rest', async () => {
    const slots = await adapter.peopleByIds(ctx(), ['nonsense', GOLDEN.wangQiang]);
    expect((slots[0] as DataLayerError).code).toBe('INVALID_IDENTITY_NUMBER');
    expect(slots[1]).toMatchObject({ id: GOLDEN.wangQiang, name: '王强' });
    expect(mock.controller.stats().keysByOperation).toEqual({ QueryPersonBatch: 1 });
  });
});

describe('public-security adapter: batching', () => {
  it('asks for 120 ids in exactly 3 QueryPersonBatch calls of at most 50', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => bulkPersonId(i));
    const people = await adapter.peopleByIds(ctx(), ids);
    expect(people.map((p) => (p as { id: string }).id)).toEqual(ids);
    expect(mock.controller.stats().byOperation).toEqual({ QueryPersonBatch: 3 });
    expect(mock.controller.stats().keysByOperation).toEqual({ QueryPersonBatch: 120 });
    expect(adapter.personOperation.stats).toEqual({ calls: 3, keys: 120, cacheHits: 0, staleServes: 0 });
  });

  it('joins separate loads in the same tick into one call', async () => {
    const c = ctx();
    const names = await Promise.all(
      [GOLDEN.zhangWei, GOLDEN.liNa, GOLDEN.foreigner].map(
        async (id) => (await adapter.personById(c, id))?.name,
      ),
    );
    expect(names).toEqual(['张伟', '李娜', 'WHITFIELD JAMES']);
    expect(mock.controller.stats().byOperation).toEqual({ QueryPersonBatch: 1 });
  });
});

describe('public-security adapter: faults', () => {
  it('turns the registry refusing a raw 51-id batch (soap:Client Fault) into LEGACY_FAULT', async () => {
    const { HouseholdClient } = await import('./client');
    const { HttpUpstream } = await import('../kit/http-upstream');
    const upstream = new HttpUpstream({ department: 'public-security', url: mock.url });
    const client = new HouseholdClient({ upstream, servicePath: '/ws/HouseholdService' });
    const queries = Array.from({ length: 51 }, (_, i) => ({ ZJLX: '111', ZJHM: bulkPersonId(i) }));
    const e = await failure(client.queryPersonBatch(queries));
    await upstream.close();
    expect(e.code).toBe('LEGACY_FAULT');
    expect(e.cause).toMatchObject({
      faultcode: 'Client',
      faultstring: '批量查询上限为50条',
      cwdm: '1001',
      httpStatus: 500,
    });
    expect(mock.controller.stats().keysByOperation).toEqual({ QueryPersonBatch: 51 });
  });

  it('turns a soap:Server Fault (errorRate) into LEGACY_FAULT', async () => {
    mock.controller.set({ errorRate: 1 });
    const e = await failure(adapter.personById(ctx(), GOLDEN.zhangWei));
    expect([e.code, e.department]).toEqual(['LEGACY_FAULT', 'public-security']);
    expect(e.cause).toMatchObject({ faultcode: 'Server', cwdm: '9000', httpStatus: 500 });
  });

  it('turns the maintenance Fault (503) into IN_MAINTENANCE with retryAfter', async () => {
    mock.controller.set({ maintenanceRetryAfter: 120 });
    const e = await failure(adapter.personById(ctx(), GOLDEN.zhangWei));
    expect([e.code, e.retryAfter]).toEqual(['IN_MAINTENANCE', 120]);
  });

  it('turns the throttling Fault (503, CWDM 9002) into RATE_LIMITED with retryAfter', async () => {
    mock.controller.set({ rateLimitPerSecond: 0 });
    const e = await failure(adapter.personById(ctx(), GOLDEN.zhangWei));
    expect([e.code, e.retryAfter]).toEqual(['RATE_LIMITED', 1]);
  });

  it('turns garbage bytes into BAD_LEGACY_REPLY', async () => {
    mock.controller.set({ garbage: true });
    const e = await failure(adapter.personById(ctx(), GOLDEN.zhangWei));
    expect([e.code, e.department]).toEqual(['BAD_LEGACY_REPLY', 'public-security']);
  });

  it('gives up on a hanging registry with DEPARTMENT_TIMEOUT', async () => {
    const impatient = createPublicSecurityAdapter({ url: mock.url, timeoutMs: 200 });
    mock.controller.set({ hang: true });
    const e = await failure(impatient.personById(ctx(), GOLDEN.zhangWei));
    await impatient.close();
    expect(e.code).toBe('DEPARTMENT_TIMEOUT');
  });

  it('says whether the service is ready from its WSDL', async () => {
    expect(await adapter.ready()).toBe(true);
    expect(mock.controller.stats().byOperation).toEqual({ wsdl: 1 });
  });
});
