import { createPublicKey, verify } from 'node:crypto';
import { loadWorld } from '../data/generator';
import { GOLDEN } from '../data/golden';
import type { MockHandle } from '../kit/mock-server';
import { canonicalCertificatePayload } from './issuer-keys';
import { startBigDataCenterMock } from './server';
import { signedCall } from './test-support';

let mock: MockHandle;
beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 20 }),
    baseLatencyMs: 0,
  });
});
afterAll(() => mock.close());
beforeEach(() => mock.controller.resetCounts());

const call = (method: 'GET' | 'POST', path: string, body?: unknown) => signedCall(mock, method, path, body);
const permit = (requestId: string, extra: object = {}) => ({
  requestId,
  type: 'PUBLIC_PLACE_HEALTH_PERMIT',
  title: '公共场所卫生许可证',
  issuerCode: 'health',
  holder: { type: 'COMPANY', id: GOLDEN.restaurant },
  validFrom: '2026-11-26',
  validUntil: '2030-11-25',
  ...extra,
});

describe('big-data-center mock: certificates:issue', () => {
  it("issues a certificate signed with the issuing department's key and lists it with the holder's", async () => {
    const issued = await call(
      'POST',
      '/v1/certificates:issue',
      permit('MOCK-ISSUE-1', { number: '沪普卫公字(2026)第0999号' }),
    );
    const key = await call('GET', '/v1/issuers/health/public-key');
    const c = issued.body.certificate;
    const signed = verify(
      null,
      canonicalCertificatePayload({
        ...c,
        issuer: c.issuerCode,
        holderType: c.holder.type,
        holderId: c.holder.id,
      }),
      createPublicKey(key.body.publicKeyPem),
      Buffer.from(c.issuerSignature, 'base64'),
    );
    const listed = await call('POST', '/v1/certificates:searchByHolders', {
      holders: [{ type: 'COMPANY', id: GOLDEN.restaurant }],
      type: 'PUBLIC_PLACE_HEALTH_PERMIT',
    });
    expect([issued.status, issued.body.replayed, c.status, c.number, signed]).toEqual([
      200,
      false,
      'VALID',
      '沪普卫公字(2026)第0999号',
      true,
    ]);
    expect(listed.body.certificates.map((x: { id: string }) => x.id)).toEqual([
      'HL-PPH-2023-0107-0412',
      c.id,
    ]);
    expect(mock.controller.stats().byOperation).toEqual({
      'certificates:issue': 1,
      'issuers.publicKey': 1,
      'certificates:searchByHolders': 1,
    });
  });

  it('answers the same request id with the same certificate, and other content with 409', async () => {
    const first = await call('POST', '/v1/certificates:issue', permit('MOCK-ISSUE-2'));
    const again = await call('POST', '/v1/certificates:issue', permit('MOCK-ISSUE-2'));
    const other = await call(
      'POST',
      '/v1/certificates:issue',
      permit('MOCK-ISSUE-2', { validUntil: '2031-01-01' }),
    );
    expect([again.body.replayed, again.body.certificate]).toEqual([true, first.body.certificate]);
    expect([other.status, other.body.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
  });

  it('refuses malformed requests with 400 and a code', async () => {
    const answers = await Promise.all([
      call('POST', '/v1/certificates:issue', permit('short')),
      call('POST', '/v1/certificates:issue', permit('MOCK-ISSUE-3', { issuerCode: 'customs' })),
      call('POST', '/v1/certificates:issue', permit('MOCK-ISSUE-4', { validFrom: '2026-02-30' })),
      call('POST', '/v1/certificates:issue', permit('MOCK-ISSUE-5', { validUntil: '2020-01-01' })),
      call('POST', '/v1/certificates:issue', permit('MOCK-ISSUE-6', { holder: { type: 'ROBOT', id: 'X1' } })),
    ]);
    expect(answers.map((a) => [a.status, a.body.code])).toEqual([
      [400, 'INVALID_ARGUMENT'],
      [400, 'UNKNOWN_ISSUER'],
      [400, 'INVALID_ARGUMENT'],
      [400, 'INVALID_ARGUMENT'],
      [400, 'INVALID_ARGUMENT'],
    ]);
  });
});

describe('big-data-center mock: revoke and verification codes', () => {
  it('revokes a world certificate once, idempotently, and refuses a second revocation', async () => {
    const path = '/v1/certificates/TX-CLR-2026-' + GOLDEN.pharmacy + ':revoke';
    const first = await call('POST', path, { reason: '税务事项变更', requestId: 'MOCK-REVOKE-1' });
    const again = await call('POST', path, { reason: '税务事项变更', requestId: 'MOCK-REVOKE-1' });
    const second = await call('POST', path, { reason: '再次注销', requestId: 'MOCK-REVOKE-2' });
    const unknown = await call('POST', '/v1/certificates/TX-CLR-0000:revoke', {
      reason: 'x',
      requestId: 'MOCK-REVOKE-3',
    });
    expect([first.body.certificate.status, first.body.certificate.revocationReason, again.body]).toEqual([
      'REVOKED',
      '税务事项变更',
      { certificate: first.body.certificate, replayed: true },
    ]);
    expect([second.status, second.body.code, unknown.status, unknown.body.code]).toEqual([
      409,
      'ALREADY_REVOKED',
      404,
      'NOT_FOUND',
    ]);
  });

  it('finds a certificate by its verification code, forgiving case, spaces, O for 0 and I/L for 1', async () => {
    const found = await call('POST', '/v1/certificates:findByVerificationCode', {
      verificationCode: '3xha t4v6 g4',
    });
    const missing = await call('POST', '/v1/certificates:findByVerificationCode', {
      verificationCode: '0000-0000-00',
    });
    expect([found.status, found.body.certificate.id, found.body.certificate.verificationCode]).toEqual([
      200,
      'MS-BL-' + GOLDEN.restaurant,
      '3XHA-T4V6-G4',
    ]);
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(mock.controller.stats().byOperation).toEqual({ 'certificates:findByVerificationCode': 2 });
  });
});
