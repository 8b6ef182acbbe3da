import iconv from 'iconv-lite';
import { loadWorld } from '../data/generator';
import { GOLDEN } from '../data/golden';
import type { MockHandle } from '../kit/mock-server';
import { startPublicSecurityMock } from './server';

let mock: MockHandle;
beforeAll(async () => {
  mock = await startPublicSecurityMock({
    world: loadWorld({ people: 10 }),
    port: 0,
    adminPort: 0,
    baseLatencyMs: 0,
  });
});
afterAll(() => mock.close());
beforeEach(() => mock.controller.resetCounts());

const NS = 'urn:sh-gaj:hjgl:HouseholdService';

async function call(action: string, body: string): Promise<{ status: number; text: string }> {
  const xml = `<?xml version="1.0" encoding="GB18030"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:hj="${NS}"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  const res = await fetch(`${mock.url}/ws/HouseholdService`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=GB18030', soapaction: `"${NS}/${action}"` },
    body: iconv.encode(xml, 'gb18030'),
  });
  return { status: res.status, text: iconv.decode(Buffer.from(await res.arrayBuffer()), 'gb18030') };
}

describe('public-security mock', () => {
  it('answers QueryPerson for one condition in GB18030', async () => {
    const r = await call(
      'QueryPerson',
      `<hj:QueryPerson><hj:CXTJ><hj:ZJLX>111</hj:ZJLX><hj:ZJHM>${GOLDEN.zhouYan}</hj:ZJHM></hj:CXTJ></hj:QueryPerson>`,
    );
    expect(r.status).toBe(200);
    expect(r.text).toContain('<hj:FHDM>0000</hj:FHDM>');
    expect(r.text).toContain('<hj:XM>周𠮷䶮</hj:XM>');
    expect(mock.controller.stats().keysByOperation).toEqual({ QueryPerson: 1 });
  });

  it('needs the issuing country to find a passport', async () => {
    const cond = (gjdq: string) =>
      `<hj:QueryPersonBatch><hj:CXTJLB><hj:CXTJ><hj:ZJLX>414</hj:ZJLX><hj:ZJHM>533401827</hj:ZJHM>${gjdq}</hj:CXTJ></hj:CXTJLB></hj:QueryPersonBatch>`;
    expect((await call('QueryPersonBatch', cond('<hj:GJDQ>GBR</hj:GJDQ>'))).text).toContain(
      '<hj:FHDM>0000</hj:FHDM>',
    );
    expect((await call('QueryPersonBatch', cond('<hj:GJDQ>USA</hj:GJDQ>'))).text).toContain(
      '<hj:FHDM>0001</hj:FHDM>',
    );
    expect((await call('QueryPersonBatch', cond(''))).text).toContain('<hj:FHDM>0002</hj:FHDM>');
  });

  it('refuses 51 conditions with a soap:Client Fault and counts the 51 keys', async () => {
    const c = `<hj:CXTJ><hj:ZJLX>111</hj:ZJLX><hj:ZJHM>${GOLDEN.zhangWei}</hj:ZJHM></hj:CXTJ>`;
    const r = await call(
      'QueryPersonBatch',
      `<hj:QueryPersonBatch><hj:CXTJLB>${c.repeat(51)}</hj:CXTJLB></hj:QueryPersonBatch>`,
    );
    expect(r.status).toBe(500);
    expect(r.text).toContain(
      '<faultcode>soap:Client</faultcode><faultstring>批量查询上限为50条</faultstring>',
    );
    expect(mock.controller.stats().keysByOperation).toEqual({ QueryPersonBatch: 51 });
  });

  it('refuses an unknown SOAPAction with a soap:Client Fault', async () => {
    const r = await call('DeletePerson', '<hj:DeletePerson/>');
    expect([r.status, r.text.includes('<faultcode>soap:Client</faultcode>')]).toEqual([500, true]);
  });

  it('publishes its WSDL', async () => {
    const res = await fetch(`${mock.url}/ws/HouseholdService?wsdl`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<wsdl:operation name="QueryPersonBatch">');
  });
});
