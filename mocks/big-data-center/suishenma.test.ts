import { createLocalJWKSet, jwtVerify } from 'jose';
import { loadWorld } from '../data/generator';
import { GOLDEN } from '../data/golden';
import type { MockHandle } from '../kit/mock-server';
import { startBigDataCenterMock } from './server';
import { maskDocumentNumber, maskName } from './suishenma-claims';
import { signedCall } from './test-support';

const NOW = Date.parse('2026-11-26T06:00:00Z');
let mock: MockHandle;
beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 20 }),
    baseLatencyMs: 0,
    suishenmaTtlSeconds: 90,
    // the platform clock only moves the codes' times: request timestamps are checked against it too
    maxSkewSeconds: 10 * 365 * 86_400,
    now: () => NOW,
  });
});
afterAll(() => mock.close());

const call = (method: 'GET' | 'POST', path: string, body?: unknown) => signedCall(mock, method, path, body);

async function claims(body: unknown) {
  const jwks = await call('GET', '/v1/suishenma/jwks');
  const issued = await call('POST', '/v1/suishenma:issue', body);
  const { payload, protectedHeader } = await jwtVerify(issued.body.code, createLocalJWKSet(jwks.body), {
    currentDate: new Date(NOW),
  });
  return { issued, payload, protectedHeader };
}

describe('big-data-center mock: suishenma', () => {
  it('signs a code with the published key, valid for the configured time, with only the scene claims', async () => {
    const { issued, payload, protectedHeader } = await claims({
      holder: { type: 'PERSON', id: GOLDEN.zhangWei },
      scene: 'LIBRARY',
    });
    const { jti, ...rest } = payload;
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: 'ssm-2026-1', typ: 'JWT' });
    expect(typeof jti).toBe('string');
    expect(rest).toEqual({
      iss: 'shanghai-big-data-center/suishenma',
      iat: NOW / 1000,
      exp: NOW / 1000 + 90,
      hk: 'PERSON',
      scn: 'LIBRARY',
      maskedName: '张*',
      mayBorrow: true,
    });
    expect(issued.body.expiresAt).toBe('2026-11-26T06:01:30.000Z');
  });

  it('carries every scene claim in a code without a scene, and a company only its name and status', async () => {
    const person = (await claims({ holder: { type: 'PERSON', id: GOLDEN.zhangXiaoyu } })).payload;
    const company = (await claims({ holder: { type: 'COMPANY', id: GOLDEN.supermarket } })).payload;
    expect([
      person.maskedId,
      person.ageGroup,
      person.insuredStatus,
      person.mayBorrow,
      person.documentLast4,
    ]).toEqual(['3101**********0047', 'MINOR', 'NOT_INSURED', false, '0047']);
    expect([company.hk, company.companyName, company.companyStatus, company.maskedName]).toEqual([
      'COMPANY',
      '上海普陀惠民超市有限公司',
      'OPERATING',
      undefined,
    ]);
  });

  it('refuses a company for a person-only scene, and answers 404 for an unknown holder', async () => {
    const library = await call('POST', '/v1/suishenma:issue', {
      holder: { type: 'COMPANY', id: GOLDEN.pharmacy },
      scene: 'LIBRARY',
    });
    const unknown = await call('POST', '/v1/suishenma:issue', {
      holder: { type: 'PERSON', id: '110101199001010015' },
    });
    expect([library.status, library.body.code, unknown.status, unknown.body.code]).toEqual([
      400,
      'SCENE_NOT_SERVED',
      404,
      'NOT_FOUND',
    ]);
  });

  it('masks names by code point and document numbers to region and last four', () => {
    expect([maskName('周𠮷䶮'), maskName('WHITFIELD JAMES'), maskDocumentNumber('533401827')]).toEqual([
      '周**',
      'W******** J****',
      '*****1827',
    ]);
  });
});
