import { createHmac, createPublicKey, verify } from 'node:crypto';
import { request } from 'undici';
import { loadWorld } from '../data/generator';
import { GOLDEN } from '../data/golden';
import type { MockHandle } from '../kit/mock-server';
import { DEMO_APP_KEY, DEMO_APP_SECRET, parseApps } from './apps';
import { canonicalCertificatePayload, IssuerKeyring } from './issuer-keys';
import { canonicalRequest } from './request-auth';
import { startBigDataCenterMock } from './server';

let mock: MockHandle;
let nonce = 0;

beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 50 }),
    baseLatencyMs: 0,
  });
});
afterAll(() => mock.close());
beforeEach(() => mock.controller.resetCounts());

/** A correctly signed call, as a platform client would make it. */
async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const timestamp = String(Date.now());
  const n = `test-nonce-${++nonce}`;
  const canonical = canonicalRequest(
    { method, path, query: new URLSearchParams(), headers: {}, body: Buffer.from(text) },
    timestamp,
    n,
  );
  const res = await request(mock.url + path, {
    method,
    body: body === undefined ? undefined : text,
    headers: {
      'x-app-key': DEMO_APP_KEY,
      'x-timestamp': timestamp,
      'x-nonce': n,
      'x-signature': createHmac('sha256', DEMO_APP_SECRET).update(canonical).digest('hex'),
    },
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

const ids = (body: Record<string, unknown>) => (body.certificates as { id: string }[]).map((c) => c.id);

describe('big-data-center mock', () => {
  it('filters searchByHolders by status and type', async () => {
    const holders = [
      { type: 'PERSON', id: GOLDEN.liNa },
      { type: 'COMPANY', id: GOLDEN.supermarket },
    ];
    const expired = await call('POST', '/v1/certificates:searchByHolders', { holders, status: 'EXPIRED' });
    const permits = await call('POST', '/v1/certificates:searchByHolders', {
      holders,
      type: 'FOOD_BUSINESS_PERMIT',
      status: 'VALID',
    });
    expect(ids(expired.body)).toEqual(['HR-SSC-310107198511220021', 'MS-FBP-JY13101070009911']);
    expect(ids(permits.body)).toEqual(['MS-FBP-JY13101070119911']);
  });

  it('answers a holder with the wrong holder type with nothing', async () => {
    const reply = await call('POST', '/v1/certificates:searchByHolders', {
      holders: [{ type: 'COMPANY', id: GOLDEN.zhangWei }],
    });
    expect(reply.body).toEqual({ certificates: [] });
  });

  it('counts requests and keys per operation', async () => {
    await call('POST', '/v1/certificates:batchGet', { ids: ['A', 'B', 'C'] });
    await call('POST', '/v1/certificates:searchByHolders', {
      holders: [{ type: 'PERSON', id: GOLDEN.zhangWei }],
    });
    expect(mock.controller.stats()).toMatchObject({
      requests: 2,
      byOperation: { 'certificates:batchGet': 1, 'certificates:searchByHolders': 1 },
      keysByOperation: { 'certificates:batchGet': 3, 'certificates:searchByHolders': 1 },
    });
  });

  it('refuses more than 100 keys and a page token from another query', async () => {
    const many = await call('POST', '/v1/certificates:batchGet', {
      ids: Array.from({ length: 101 }, (_, i) => `PS-ID-${i}`),
    });
    const first = await call('POST', '/v1/certificates:searchByHolders', {
      holders: [{ type: 'PERSON', id: GOLDEN.zhangWei }],
      pageSize: 2,
    });
    const wrong = await call('POST', '/v1/certificates:searchByHolders', {
      holders: [{ type: 'PERSON', id: GOLDEN.liNa }],
      pageToken: first.body.nextPageToken,
    });
    expect([many.status, many.body.code]).toEqual([400, 'TOO_MANY_KEYS']);
    expect(ids(first.body)).toEqual(['PS-ID-310107199003070017', 'PS-HH-310107199003070017']);
    expect([wrong.status, wrong.body.code]).toEqual([400, 'INVALID_PAGE_TOKEN']);
  });

  it('publishes the same issuer key in every process, and it verifies the stored signature', async () => {
    const reply = await call('GET', '/v1/issuers/health/public-key');
    expect(reply.body.publicKeyPem).toBe(new IssuerKeyring().publicKeyPem('health'));
    expect(reply.body.jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: 'health' });
    const record = loadWorld({ people: 50 }).certificateById.get('HL-BMC-Q310512347')!;
    const got = await call('POST', '/v1/certificates:batchGet', { ids: [record.id] });
    const signature = (got.body.certificates as { issuerSignature: string }[])[0]!.issuerSignature;
    expect(
      verify(
        null,
        canonicalCertificatePayload(record),
        createPublicKey(String(reply.body.publicKeyPem)),
        Buffer.from(signature, 'base64'),
      ),
    ).toBe(true);
  });

  it('answers 404 for an unknown issuer and an unknown route', async () => {
    expect((await call('GET', '/v1/issuers/nobody/public-key')).status).toBe(404);
    expect((await call('GET', '/v1/certificates')).body).toEqual({
      code: 'NOT_FOUND',
      message: 'no route GET /v1/certificates',
    });
  });

  it('parses an app registry from the environment and names the variable when it is wrong', () => {
    expect([...parseApps('a:s1,b:s:2')]).toEqual([
      ['a', 's1'],
      ['b', 's:2'],
    ]);
    expect(() => parseApps('nocolon')).toThrow(
      'BIG_DATA_CENTER_MOCK_APPS must be "key:secret[,key:secret...]"',
    );
  });
});
