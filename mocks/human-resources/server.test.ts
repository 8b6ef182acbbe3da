import iconv from 'iconv-lite';
import { loadWorld } from '../data/generator';
import { GOLDEN, goldenWorld } from '../data/golden';
import { indexWorld } from '../data/world';
import type { MockHandle } from '../kit/mock-server';
import { startHumanResourcesMock } from './server';

const NOON = () => new Date('2026-11-26T12:00:00+08:00');
const HEADER =
  '身份证号码,姓名,社保卡号,参保状态,单位名称,统一社会信用代码,参保日期,累计缴费月数,末次缴费年月,缴费基数,备注\r\n';

async function post(mock: MockHandle, body: string, contentType = 'text/plain; charset=GBK') {
  const res = await fetch(`${mock.url}/bulk/ss-query`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: iconv.encode(body, 'gbk'),
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    retryAfter: res.headers.get('retry-after'),
    text: iconv.decode(Buffer.from(await res.arrayBuffer()), 'gbk'),
  };
}

describe('human-resources mock', () => {
  let mock: MockHandle;
  beforeAll(async () => {
    mock = await startHumanResourcesMock({ world: loadWorld({ people: 50 }), baseLatencyMs: 0, clock: NOON });
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.controller.clear();
    mock.controller.resetCounts();
  });

  it('answers a GBK CSV with the legacy header, quoting remarks that hold commas, and skips unknown ids', async () => {
    const reply = await post(mock, `${GOLDEN.zhangWei}\r\n${GOLDEN.zhangXiaoyu}\r\n`);
    expect(reply).toEqual({
      status: 200,
      contentType: 'text/csv; charset=GBK',
      retryAfter: null,
      text:
        HEADER +
        '310107199003070017,张伟,SH0017350017,正常参保,上海普陀张记餐饮有限公司,91310107MA1FL3K2XE,2019-05-01,91,202610,15000.00,"缴费正常,无欠费"\r\n',
    });
  });

  it('prints migrated records with numeric status codes and a multi-line remark', async () => {
    const reply = await post(mock, `SFZHM\r\n${GOLDEN.wangQiang}\r\n`, 'text/csv; charset=GBK');
    expect(reply.text).toBe(
      HEADER +
        '310107197802030012,王强,SH0061020012,1,上海普陀惠民超市有限公司,91310107MA1H2R8N79,2012-07-01,172,202610,20000.00,"原系统迁移记录\n缴费正常,无欠费"\r\n',
    );
  });

  it('doubles quotes inside a remark (a replaced card)', async () => {
    const reply = await post(mock, GOLDEN.liNa);
    expect(reply.text.split('\r\n')[1]).toBe(
      '310107198511220021,李娜,SH0017220022,正常参保,上海普陀康宁大药房有限公司,91310107MA1G5X7P50,2017-10-01,110,202610,18000.00,"缴费正常,无欠费；已换发新卡,旧卡""SH0017220021""已注销"',
    );
  });

  it('writes ? for name characters GBK cannot hold, as the real GBK export does', async () => {
    const world = goldenWorld();
    world.employment.push({
      ...world.employment[0]!,
      personId: GOLDEN.zhouYan,
      socialSecurityCardNo: 'SH0031310025',
    });
    const lossy = await startHumanResourcesMock({ world: indexWorld(world), baseLatencyMs: 0, clock: NOON });
    try {
      const reply = await post(lossy, GOLDEN.zhouYan);
      expect(reply.text.split('\r\n')[1]!.split(',')[1]).toBe('周?䶮');
    } finally {
      await lossy.close();
    }
  });

  it('counts one request and the number of ids asked for', async () => {
    await post(mock, [GOLDEN.zhangWei, GOLDEN.liNa, GOLDEN.foreigner].join('\n'));
    expect(mock.controller.stats()).toMatchObject({
      requests: 1,
      byOperation: { 'ss-query': 1 },
      keysByOperation: { 'ss-query': 3 },
    });
  });

  it('refuses more than 500 ids with 413 and a GBK text body', async () => {
    const ids = Array.from({ length: 501 }, () => GOLDEN.zhangWei).join('\n');
    expect(await post(mock, ids)).toEqual({
      status: 413,
      contentType: 'text/plain; charset=GBK',
      retryAfter: null,
      text: '单次查询最多500个身份证号码，本次501个\r\n',
    });
  });

  it('refuses a malformed id with 400', async () => {
    const reply = await post(mock, `${GOLDEN.zhangWei}\n张伟`);
    expect([reply.status, reply.text]).toEqual([400, '第2个身份证号码格式错误：张伟\r\n']);
  });

  it('answers 503 with Retry-After until 05:00 inside the nightly window', async () => {
    const night = await startHumanResourcesMock({
      world: loadWorld({ people: 50 }),
      baseLatencyMs: 0,
      clock: () => new Date('2026-11-26T02:00:00+08:00'),
    });
    try {
      expect(await post(night, GOLDEN.zhangWei)).toEqual({
        status: 503,
        contentType: 'text/plain; charset=GBK',
        retryAfter: '10800',
        text: '系统维护中（每日01:00-05:00），暂停服务\r\n',
      });
    } finally {
      await night.close();
    }
  });

  it('answers at 02:00 when the window is switched off', async () => {
    const always = await startHumanResourcesMock({
      world: loadWorld({ people: 50 }),
      baseLatencyMs: 0,
      maintenanceWindow: null,
      clock: () => new Date('2026-11-26T02:00:00+08:00'),
    });
    try {
      expect((await post(always, GOLDEN.zhangWei)).status).toBe(200);
    } finally {
      await always.close();
    }
  });

  it('answers the maintenance fault with 503 and its Retry-After', async () => {
    mock.controller.set({ maintenanceRetryAfter: 120 });
    const reply = await post(mock, GOLDEN.zhangWei);
    expect([reply.status, reply.retryAfter, reply.text]).toEqual([503, '120', '系统维护中，暂停服务\r\n']);
  });
});
