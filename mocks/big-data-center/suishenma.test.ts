import { compactDecrypt, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { loadWorld } from '../data/generator';
import { GOLDEN } from '../data/golden';
import type { MockHandle } from '../kit/mock-server';
import { startBigDataCenterMock } from './server';
import { maskDocumentNumber, maskName } from './suishenma-claims';
import { DEMO_SUISHENMA_VERIFIER_KEY } from './suishenma-verifier-key';
import { signedCall } from './test-support';

const VERIFIER_KEY = Buffer.from(DEMO_SUISHENMA_VERIFIER_KEY, 'base64url');

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
  const decrypted = await compactDecrypt(issued.body.code, VERIFIER_KEY);
  const { payload, protectedHeader } = await jwtVerify(
    new TextDecoder().decode(decrypted.plaintext),
    createLocalJWKSet(jwks.body),
    { currentDate: new Date(NOW) },
  );
  return { issued, payload, protectedHeader, encryptionHeader: decrypted.protectedHeader };
}

describe('big-data-center mock: suishenma', () => {
  it('signs a code with the published key, encrypts it under the verifier key, with only the scene claims', async () => {
    const { issued, payload, protectedHeader, encryptionHeader } = await claims({
      holder: { type: 'PERSON', id: GOLDEN.zhangWei },
      scene: 'LIBRARY',
    });
    const { jti, ...rest } = payload;
    expect(encryptionHeader).toEqual({ alg: 'dir', enc: 'A256GCM', cty: 'JWT', kid: 'ssm-vk-VA5vU322' });
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

  it('issues a code in which no claim can be read without the verifier key, short enough for a QR code', async () => {
    const { issued, payload } = await claims({ holder: { type: 'PERSON', id: GOLDEN.zhangWei } });
    const code: string = issued.body.code;
    const segments = code.split('.');
    const readable = segments.map((s) => Buffer.from(s, 'base64url').toString('utf8')).join('\n');
    const values = Object.entries(payload)
      .filter(([claim]) => !['iat', 'exp'].includes(claim))
      .map(([, value]) => String(value));
    expect(values).toEqual(
      expect.arrayContaining(['张*', '3101**********0017', 'INSURED', 'RESIDENT_ID_CARD', 'CHN', '0017']),
    );
    expect(segments.map((s) => s.length > 0)).toEqual([true, false, true, true, true]);
    expect(values.filter((v) => readable.includes(v))).toEqual([]);
    expect(readable).not.toContain('maskedName');
    expect(decodeProtectedHeader(code)).toEqual({
      alg: 'dir',
      enc: 'A256GCM',
      cty: 'JWT',
      kid: 'ssm-vk-VA5vU322',
    });
    expect(code.length).toBeLessThan(1_200);
  });

  it('refuses a malformed verifier key at start-up, naming the option but not the key', async () => {
    await expect(
      startBigDataCenterMock({
        port: 0,
        world: loadWorld({ people: 1 }),
        suishenmaVerifierKey: 'secret-but-too-short',
      }),
    ).rejects.toThrow(
      'suishenmaVerifierKey must be base64url of 32 bytes (43 characters [A-Za-z0-9_-], no padding): got 20 characters',
    );
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
