import { request } from 'undici';
import { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import { createBigDataCenterAdapter } from './index';
import { DEMO_APP_KEY, DEMO_APP_SECRET } from './options';
import { responseSignatureValid, signRequest } from './signing';

let mock: MockHandle;

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

const creds = { appKey: DEMO_APP_KEY, appSecret: DEMO_APP_SECRET };
const path = '/v1/certificates:batchGet';
const body = JSON.stringify({ ids: ['PS-ID-' + GOLDEN.zhangWei] });

async function send(headers: Record<string, string>, sentBody = body) {
  const res = await request(mock.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: sentBody,
  });
  const raw = Buffer.from(await res.body.arrayBuffer());
  return {
    status: res.statusCode,
    headers: res.headers,
    body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>,
    raw,
  };
}

async function adapterError(options: { appKey?: string; appSecret?: string }): Promise<DataLayerError> {
  const adapter = createBigDataCenterAdapter({ url: mock.url, ...options });
  try {
    return (await adapter
      .certificate(newAdapterContext(), 'PS-ID-' + GOLDEN.zhangWei)
      .catch((e: unknown) => e)) as DataLayerError;
  } finally {
    await adapter.close();
  }
}

describe('request signing', () => {
  it('is accepted, and the reply is signed over its exact bytes and our nonce, so it answers this request alone', async () => {
    const headers = signRequest(creds, { method: 'POST', path, body });
    const reply = await send(headers);
    expect(reply.status).toBe(200);
    const signature = reply.headers['x-response-signature'];
    expect(responseSignatureValid(DEMO_APP_SECRET, reply.raw, signature, headers['x-nonce']!)).toBe(true);
    // The same signed reply presented as the answer to another request (another nonce) is refused.
    expect(responseSignatureValid(DEMO_APP_SECRET, reply.raw, signature, 'another-request-nonce')).toBe(
      false,
    );
    expect((reply.body.certificates as { id: string }[]).map((c) => c.id)).toEqual([
      'PS-ID-' + GOLDEN.zhangWei,
    ]);
  });

  it('turns a wrong secret into LEGACY_FAULT saying the credentials were refused, without the secret', async () => {
    const err = await adapterError({ appSecret: 'not-the-secret-we-were-given' });
    expect(err).toBeInstanceOf(DataLayerError);
    expect({ code: err.code, department: err.department, message: err.message }).toEqual({
      code: 'LEGACY_FAULT',
      department: 'big-data-center',
      message:
        'big-data-center refused our credentials for app key "owdl-demo-app" (INVALID_SIGNATURE): ' +
        'the request signature did not verify (check BIG_DATA_CENTER_APP_SECRET)',
    });
    expect(err.message).not.toContain('not-the-secret');
  });

  it('turns an unregistered app key into LEGACY_FAULT naming UNKNOWN_APP', async () => {
    const err = await adapterError({ appKey: 'someone-else' });
    expect([err.code, err.message]).toEqual([
      'LEGACY_FAULT',
      'big-data-center refused our credentials for app key "someone-else" (UNKNOWN_APP): ' +
        'the app key is not registered with the platform (check BIG_DATA_CENTER_APP_KEY)',
    ]);
  });

  it('is refused when the same nonce is sent twice', async () => {
    const headers = signRequest(creds, { method: 'POST', path, body });
    const first = await send(headers);
    const replay = await send(headers);
    expect([first.status, replay.status]).toEqual([200, 401]);
    expect(replay.body).toEqual({ code: 'REPLAYED_NONCE', message: 'X-Nonce was already used' });
    expect(replay.headers['x-response-signature']).toBeUndefined();
  });

  it('is refused when the timestamp is more than 300 s off', async () => {
    const reply = await send(signRequest(creds, { method: 'POST', path, body }, Date.now() - 301_000));
    expect([reply.status, reply.body.code]).toEqual([401, 'STALE_TIMESTAMP']);
  });

  it('is refused when the body is changed after signing', async () => {
    const headers = signRequest(creds, { method: 'POST', path, body });
    const reply = await send(headers, JSON.stringify({ ids: ['PS-ID-' + GOLDEN.liNa] }));
    expect([reply.status, reply.body.code]).toEqual([401, 'INVALID_SIGNATURE']);
  });

  it('lets a forged request not burn the nonce of the real one', async () => {
    const headers = signRequest(creds, { method: 'POST', path, body });
    const forged = await send({ ...headers, 'x-signature': '0'.repeat(64) });
    const real = await send(headers);
    expect([forged.status, real.status]).toEqual([401, 200]);
  });
});
