import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN, goldenWorld } from '../../mocks/data/golden';
import { indexWorld } from '../../mocks/data/world';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startHumanResourcesMock } from '../../mocks/human-resources/server';
import { newAdapterContext } from '../kit/operation';
import { createHumanResourcesAdapter, type HumanResourcesAdapter } from './index';

const NOON = () => new Date('2026-11-26T12:00:00+08:00');

describe('human-resources adapter: social security records', () => {
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

  it("reads Zhang Wei's record exactly, the quoted remark with its comma included", async () => {
    expect(await adapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangWei)).toEqual({
      personId: '310107199003070017',
      cardNumber: 'SH0017350017',
      status: 'CONTRIBUTING',
      employerName: '上海普陀张记餐饮有限公司',
      employerUscc: '91310107MA1FL3K2XE',
      since: '2019-05-01',
      contributionMonths: 91,
      lastContributionMonth: '2026-10',
      monthlyBase: 15000,
      remark: '缴费正常,无欠费',
      nameOnRecord: '张伟',
      nameOnRecordComplete: true,
    });
  });

  it('reads doubled quotes inside a quoted remark as quotes (Li Na, whose card was replaced)', async () => {
    const ss = await adapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.liNa);
    expect([ss?.cardNumber, ss?.remark]).toEqual([
      'SH0017220022',
      '缴费正常,无欠费；已换发新卡,旧卡"SH0017220021"已注销',
    ]);
  });

  it('reads a migrated record: numeric status code and a remark spanning two lines (Wang Qiang)', async () => {
    const ss = await adapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.wangQiang);
    expect([ss?.status, ss?.since, ss?.contributionMonths, ss?.monthlyBase, ss?.remark]).toEqual([
      'CONTRIBUTING',
      '2012-07-01',
      172,
      20000,
      '原系统迁移记录\n缴费正常,无欠费',
    ]);
  });

  it('finds the foreign passport holder insured through the supermarket', async () => {
    expect(await adapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.foreigner)).toEqual({
      personId: 'P-GBR-533401827',
      cardNumber: 'SH0091827001',
      status: 'CONTRIBUTING',
      employerName: '上海普陀惠民超市有限公司',
      employerUscc: '91310107MA1H2R8N79',
      since: '2025-04-10',
      contributionMonths: 19,
      lastContributionMonth: '2026-10',
      monthlyBase: 36000,
      remark: '缴费正常,无欠费；外籍人员,凭外国人工作许可参保',
      nameOnRecord: 'WHITFIELD JAMES',
      nameOnRecordComplete: true,
    });
  });

  it('decodes GBK traditional characters of a Hong Kong resident and his employer', async () => {
    const ss = await adapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.chanKaMing);
    expect([ss?.nameOnRecord, ss?.employerName, ss?.remark]).toEqual([
      '陳家明',
      '上海普陀康宁大药房有限公司',
      '缴费正常,无欠费；港澳台居民,凭居住证参保',
    ]);
  });

  it('answers null for a valid id the system has no record of (a child)', async () => {
    expect(await adapter.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhangXiaoyu)).toBeNull();
  });

  it('accepts a lower-case check letter by asking with the canonical id', async () => {
    const world = goldenWorld();
    const xId = '11010519491231002X';
    world.employment.push({ ...world.employment[0]!, personId: xId, socialSecurityCardNo: 'SH9491231002' });
    const xMock = await startHumanResourcesMock({ world: indexWorld(world), baseLatencyMs: 0, clock: NOON });
    const xAdapter = createHumanResourcesAdapter({ url: xMock.url });
    try {
      const ss = await xAdapter.socialSecurityByPerson(newAdapterContext(), xId.toLowerCase());
      expect([ss?.personId, ss?.cardNumber]).toEqual([xId, 'SH9491231002']);
    } finally {
      await xAdapter.close();
      await xMock.close();
    }
  });

  describe('with a name GBK cannot hold', () => {
    let lossyMock: MockHandle;
    let lossy: HumanResourcesAdapter;
    beforeAll(async () => {
      const world = goldenWorld();
      world.employment.push({
        ...world.employment[0]!,
        personId: GOLDEN.zhouYan,
        socialSecurityCardNo: 'SH0031310025',
      });
      lossyMock = await startHumanResourcesMock({ world: indexWorld(world), baseLatencyMs: 0, clock: NOON });
      lossy = createHumanResourcesAdapter({ url: lossyMock.url });
    });
    afterAll(async () => {
      await lossy.close();
      await lossyMock.close();
    });

    it("keeps the system's '?' for 𠮷 and says the name on record is incomplete", async () => {
      const ss = await lossy.socialSecurityByPerson(newAdapterContext(), GOLDEN.zhouYan);
      expect([ss?.cardNumber, ss?.nameOnRecord, ss?.nameOnRecordComplete]).toEqual([
        'SH0031310025',
        '周?䶮',
        false,
      ]);
    });
  });

  describe('with a record whose contribution months do not parse', () => {
    let badMock: MockHandle;
    let bad: HumanResourcesAdapter;
    beforeAll(async () => {
      const world = goldenWorld();
      world.employment[0] = { ...world.employment[0]!, contributionMonths: -3 };
      badMock = await startHumanResourcesMock({ world: indexWorld(world), baseLatencyMs: 0, clock: NOON });
      bad = createHumanResourcesAdapter({ url: badMock.url });
    });
    afterAll(async () => {
      await bad.close();
      await badMock.close();
    });

    it('fails only that person with BAD_LEGACY_REPLY, in the same single request', async () => {
      const ctx = newAdapterContext();
      const [zhangWei, liNa] = await Promise.allSettled([
        bad.socialSecurityByPerson(ctx, GOLDEN.zhangWei),
        bad.socialSecurityByPerson(ctx, GOLDEN.liNa),
      ]);
      expect(zhangWei).toMatchObject({
        status: 'rejected',
        reason: {
          code: 'BAD_LEGACY_REPLY',
          department: 'human-resources',
          message: 'human-resources: 累计缴费月数 is not a whole number: "-3"',
        },
      });
      expect(liNa).toMatchObject({ status: 'fulfilled', value: { cardNumber: 'SH0017220022' } });
      expect(badMock.controller.stats().byOperation).toEqual({ 'ss-query': 1 });
    });
  });
});
