import { MemoryCache } from '../kit/cache';
import { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import {
  createBigDataCenterAdapter,
  issuerSignatureValid,
  type BigDataCenterAdapter,
  type IssueCertificateInput,
} from './index';

let mock: MockHandle;
let adapter: BigDataCenterAdapter;

beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 50 }),
    baseLatencyMs: 0,
  });
  adapter = createBigDataCenterAdapter({ url: mock.url, cache: new MemoryCache() });
});
afterAll(async () => {
  await adapter.close();
  await mock.close();
});
beforeEach(() => mock.controller.resetCounts());

const permit = (requestId: string, extra: Partial<IssueCertificateInput> = {}): IssueCertificateInput => ({
  type: 'PUBLIC_PLACE_HEALTH_PERMIT',
  title: '公共场所卫生许可证',
  issuerCode: 'health',
  holderType: 'COMPANY',
  holderId: GOLDEN.restaurant,
  validFrom: '2026-11-26',
  validUntil: '2030-11-25',
  requestId,
  ...extra,
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof DataLayerError ? e.code : String(e);
  }
}

describe('issueCertificate', () => {
  it('issues a certificate signed by the issuing department, with a number and a verification code', async () => {
    const c = await adapter.issueCertificate(newAdapterContext(), permit('C2026112000001'));
    expect({
      ...c,
      issuerSignature: c.issuerSignature.length,
      verificationCode: /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/.test(
        c.verificationCode,
      ),
    }).toEqual({
      id: 'HL-E-770D7A32D0FC', // derived from issuer and requestId: a retry after a restart gets it again
      type: 'PUBLIC_PLACE_HEALTH_PERMIT',
      title: '公共场所卫生许可证',
      number: '(2026)电子证照第540858号',
      issuerCode: 'health',
      holderType: 'COMPANY',
      holderId: GOLDEN.restaurant,
      status: 'VALID',
      validFrom: '2026-11-26',
      validUntil: '2030-11-25',
      issuerSignature: 88,
      verificationCode: true,
    });
    const key = await adapter.issuerPublicKey(newAdapterContext(), 'health');
    expect(issuerSignatureValid(c, key!.publicKeyPem)).toBe(true);
    expect(mock.controller.stats().byOperation).toEqual({ 'certificates:issue': 1, 'issuers.publicKey': 1 });
  });

  it('returns the same certificate for the same requestId and refuses it with other content', async () => {
    const first = await adapter.issueCertificate(
      newAdapterContext(),
      permit('REQ-same-0001', { number: 'N-1' }),
    );
    const again = await adapter.issueCertificate(
      newAdapterContext(),
      permit('REQ-same-0001', { number: 'N-1' }),
    );
    const other = adapter.issueCertificate(newAdapterContext(), permit('REQ-same-0001', { number: 'N-2' }));
    expect(again).toEqual(first);
    expect(first.number).toBe('N-1');
    expect(await codeOf(other)).toBe('IDEMPOTENCY_CONFLICT');
    expect(mock.controller.stats().byOperation).toEqual({ 'certificates:issue': 3 });
  });

  it("shows up in the holder's list at once, though the list was cached before", async () => {
    const holder = { type: 'PERSON' as const, id: GOLDEN.wangQiang };
    const before = await adapter.certificatesByHolder(newAdapterContext(), holder);
    const ctx = newAdapterContext();
    const inRequest = await adapter.certificatesByHolder(ctx, holder);
    const c = await adapter.issueCertificate(
      ctx,
      permit('REQ-wang-0001', {
        type: 'HEALTH_CERTIFICATE',
        title: '食品从业人员健康证明',
        holderType: 'PERSON',
        holderId: GOLDEN.wangQiang,
      }),
    );
    const sameRequest = await adapter.certificatesByHolder(ctx, holder);
    const later = await adapter.certificatesByHolder(newAdapterContext(), holder);
    const byId = await adapter.certificate(newAdapterContext(), c.id);
    expect([before.length, inRequest.length, sameRequest.length, later.length]).toEqual([4, 4, 5, 5]);
    expect(later.at(-1)).toEqual(c);
    expect(byId).toEqual(c);
    // before, then the re-read after the write; the later read is served by the cache the re-read refilled
    expect(mock.controller.stats().byOperation).toEqual({
      'certificates:searchByHolders': 2,
      'certificates:issue': 1,
      'certificates:batchGet': 1,
    });
  });

  it('refuses invalid input with typed errors before any request', async () => {
    const ctx = newAdapterContext();
    const codes = await Promise.all([
      codeOf(adapter.issueCertificate(ctx, permit('REQ-bad-0001', { holderId: '91310107MA1FL3K2XA' }))),
      codeOf(
        adapter.issueCertificate(
          ctx,
          permit('REQ-bad-0002', { holderType: 'PERSON', holderId: '310107199003070018' }),
        ),
      ),
      codeOf(adapter.issueCertificate(ctx, permit('short'))),
      codeOf(adapter.issueCertificate(ctx, permit('REQ-bad-0003', { validUntil: '2026-02-30' }))),
      codeOf(adapter.issueCertificate(ctx, permit('REQ-bad-0004', { validUntil: '2020-01-01' }))),
      codeOf(adapter.issueCertificate(ctx, permit('REQ-bad-0005', { issuerCode: 'Health Dept' }))),
      codeOf(adapter.issueCertificate(ctx, permit('REQ-bad-0006', { type: 'permit' }))),
    ]);
    expect(codes).toEqual([
      'INVALID_CREDIT_CODE',
      'INVALID_IDENTITY_NUMBER',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
    ]);
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('passes the library refusing an unknown issuer on as INVALID_ARGUMENT', async () => {
    const code = await codeOf(
      adapter.issueCertificate(newAdapterContext(), permit('REQ-unknown-issuer', { issuerCode: 'customs' })),
    );
    expect(code).toBe('INVALID_ARGUMENT');
  });

  it('is not retried when the library fails (one request, DEPARTMENT_UNAVAILABLE)', async () => {
    mock.controller.set({ errorRate: 1 });
    try {
      const code = await codeOf(adapter.issueCertificate(newAdapterContext(), permit('REQ-down-0001')));
      expect(code).toBe('DEPARTMENT_UNAVAILABLE');
      expect(mock.controller.stats().byOperation).toEqual({ 'certificates:issue': 1 });
    } finally {
      mock.controller.clear();
    }
  });
});

describe('revokeCertificate', () => {
  it('revokes with a reason, answers a retry with the same requestId alike, and refuses a second revocation', async () => {
    const c = await adapter.issueCertificate(newAdapterContext(), permit('REQ-revoke-0001'));
    const revoked = await adapter.revokeCertificate(
      newAdapterContext(),
      c.id,
      '申请人主动注销',
      'REV-0001-0001',
    );
    const retried = await adapter.revokeCertificate(
      newAdapterContext(),
      c.id,
      '申请人主动注销',
      'REV-0001-0001',
    );
    const second = adapter.revokeCertificate(newAdapterContext(), c.id, '重复注销', 'REV-0001-0002');
    expect([revoked.status, revoked.revocationReason, typeof revoked.revokedAt]).toEqual([
      'REVOKED',
      '申请人主动注销',
      'string',
    ]);
    expect(retried).toEqual(revoked);
    expect(await codeOf(second)).toBe('ILLEGAL_TRANSITION');
    const listed = await adapter.certificatesByHolder(
      newAdapterContext(),
      { type: 'COMPANY', id: GOLDEN.restaurant },
      { status: 'REVOKED' },
    );
    expect(listed.map((x) => x.id)).toEqual([c.id]);
  });

  it('answers NOT_FOUND for a certificate the library does not hold', async () => {
    const code = await codeOf(
      adapter.revokeCertificate(newAdapterContext(), 'HL-E-000000000000', 'x', 'REV-nf-0001'),
    );
    expect(code).toBe('NOT_FOUND');
  });
});
