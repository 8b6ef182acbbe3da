import { request } from 'undici';
import { bulkCompanyUscc, bulkPersonId, loadWorld } from '../data/generator';
import { GOLDEN } from '../data/golden';
import type { MockHandle } from '../kit/mock-server';
import { startMarketSupervisionMock } from './server';

let mock: MockHandle;

beforeAll(async () => {
  mock = await startMarketSupervisionMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 250 }),
    baseLatencyMs: 0,
  });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.controller.clear();
  mock.controller.resetCounts();
});

interface Page {
  items: Record<string, unknown>[];
  total: number;
  page: number;
  page_size: number;
}

async function get(
  path: string,
): Promise<{ status: number; body: { code: number; message: string; data: Page } }> {
  const res = await request(`${mock.url}${path}`);
  return { status: res.statusCode, body: (await res.body.json()) as never };
}

describe('market-supervision mock', () => {
  it('serves the restaurant as the registry stores it', async () => {
    expect(await get(`/api/v2/enterprises?uscc=${GOLDEN.restaurant}`)).toEqual({
      status: 200,
      body: {
        code: 0,
        message: 'ok',
        data: {
          items: [
            {
              unified_social_credit_code: GOLDEN.restaurant,
              enterprise_name: '上海普陀张记餐饮有限公司',
              legal_rep_name: '张伟',
              legal_rep_id_no: GOLDEN.zhangWei,
              reg_capital_wan_yuan: '50.000000',
              establish_date: '2019-04-18',
              reg_status: '存续',
              industry_code: 'H6210',
              industry_name: '正餐服务',
              business_scope: '餐饮服务；食品销售',
              address: '上海市普陀区曹杨路1040号1层',
              reg_authority: '上海市普陀区市场监督管理局',
            },
          ],
          total: 1,
          page: 1,
          page_size: 10,
        },
      },
    });
  });

  it('pages 10 at a time when no page_size is sent', async () => {
    const usccs = Array.from({ length: 25 }, (_, j) => bulkCompanyUscc(j)).join(',');
    const third = await get(`/api/v2/enterprises?uscc=${usccs}&page=3`);
    expect([third.body.data.items.length, third.body.data.total, third.body.data.page_size]).toEqual([
      5, 25, 10,
    ]);
  });

  it('writes 长期 for a licence without end and the lower-case x some ids were registered with', async () => {
    const licences = await get(`/api/v2/licenses?uscc=${GOLDEN.restaurant}&page_size=20`);
    expect(licences.body.data.items[0]).toMatchObject({
      e_license_id: `MS-BL-${GOLDEN.restaurant}`,
      license_type: 'YYZZ',
      valid_to: '长期',
    });
    const byRep = await get('/api/v2/enterprises?legal_rep_id_no=31011519500101016X');
    expect(byRep.body.data.items.map((i) => i.legal_rep_id_no)).toEqual(['31011519500101016x']);
  });

  it('answers each malformed query with 400 and its own code', async () => {
    const codes = await Promise.all(
      [
        '/api/v2/enterprises?page=1',
        `/api/v2/enterprises?uscc=${GOLDEN.restaurant}&page=0`,
        `/api/v2/enterprises?uscc=${GOLDEN.restaurant}&page_size=0`,
        '/api/v2/enterprises?uscc=not-a-code',
        `/api/v2/licenses?uscc=${Array.from({ length: 101 }, (_, j) => bulkCompanyUscc(j)).join(',')}`,
      ].map(async (p) => {
        const r = await get(p);
        return [r.status, r.body.code];
      }),
    );
    expect(codes).toEqual([
      [400, 40003],
      [400, 40002],
      [400, 40001],
      [400, 40004],
      [400, 40005],
    ]);
  });

  it('answers an unknown path with 404 and a POST with 405', async () => {
    expect((await get('/api/v1/enterprises')).body.code).toBe(40400);
    const post = await request(`${mock.url}/api/v2/enterprises`, { method: 'POST', body: '{}' });
    expect([post.statusCode, ((await post.body.json()) as { code: number }).code]).toEqual([405, 40500]);
  });

  it('counts a query and its keys once, and the following page as a request without new keys', async () => {
    const ids = [bulkPersonId(0), GOLDEN.zhangWei].join(',');
    await get(`/api/v2/enterprises?legal_rep_id_no=${ids}&page=1&page_size=3`);
    await get(`/api/v2/enterprises?legal_rep_id_no=${ids}&page=2&page_size=3`);
    const stats = await request(`${mock.adminUrl}/stats`).then((r) => r.body.json());
    expect(stats).toMatchObject({
      requests: 2,
      byOperation: { 'enterprises.byLegalRep': 2 },
      keysByOperation: { 'enterprises.byLegalRep': 2 },
    });
  });

  it('answers 429 with Retry-After under the rateLimitPerSecond fault', async () => {
    mock.controller.set({ rateLimitPerSecond: 0 });
    const res = await request(`${mock.url}/api/v2/enterprises?uscc=${GOLDEN.restaurant}`);
    expect([
      res.statusCode,
      res.headers['retry-after'],
      ((await res.body.json()) as { code: number }).code,
    ]).toEqual([429, '1', 42900]);
  });

  it('answers a server error as a JSON 500', async () => {
    mock.controller.set({ errorRate: 1 });
    expect(await get(`/api/v2/enterprises?uscc=${GOLDEN.restaurant}`)).toEqual({
      status: 500,
      body: { code: 50000, message: '系统内部错误', data: null },
    });
  });
});
