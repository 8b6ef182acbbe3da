import type { ServedHttp } from '../../subgraphs/kit/http-server';
import { mockSuishenmaCode } from './mock-suishenma-code';
import { scanVerifies, startScanRelay, startScanVerifier } from './scan-floor';
import { demoSuishenmaKeys } from './scan-storm-crypto';
import { VERIFY_QUERY } from './scan-storm-codes';

const urlOf = (s: ServedHttp) => `http://${s.host}:${s.port}/`;
const scanBody = (code: unknown) => JSON.stringify({ query: VERIFY_QUERY, variables: { code } });

/** A valid code with one character of its ciphertext changed: the GCM tag no longer matches. */
function altered(code: string): string {
  const parts = code.split('.');
  const ct = parts[3]!;
  parts[3] = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1);
  return parts.join('.');
}

async function post(url: string, body: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('scan storm floor', () => {
  let code: string;
  beforeAll(async () => {
    code = await mockSuishenmaCode();
  });

  it('verifies the code of a scan body with the demo keys, and nothing else', () => {
    const keys = demoSuishenmaKeys();
    expect(scanVerifies(Buffer.from(scanBody(code)), keys)).toBe(true);
    expect(scanVerifies(Buffer.from(scanBody(altered(code))), keys)).toBe(false);
    expect(scanVerifies(Buffer.from(scanBody('not.a.code.at.all')), keys)).toBe(false);
    expect(scanVerifies(Buffer.from(scanBody(42)), keys)).toBe(false);
    expect(scanVerifies(Buffer.from('{"variables":'), keys)).toBe(false);
  });

  describe('relay in front of the verifier', () => {
    let verifier: ServedHttp;
    let relay: ServedHttp;
    beforeAll(async () => {
      verifier = await startScanVerifier();
      relay = await startScanRelay(urlOf(verifier));
    });
    afterAll(async () => {
      await relay.close();
      await verifier.close();
    });

    it('answers a valid code through both hops', async () => {
      await expect(post(urlOf(relay), scanBody(code))).resolves.toEqual({
        status: 200,
        body: { data: { verifyDigitalId: { valid: true } } },
      });
    });

    it('answers an altered code with 400 INVALID_ARGUMENT, which the load tool counts as an error', async () => {
      await expect(post(urlOf(relay), scanBody(altered(code)))).resolves.toEqual({
        status: 400,
        body: { errors: [{ message: 'the code does not verify', extensions: { code: 'INVALID_ARGUMENT' } }] },
      });
    });
  });

  it('answers 502 BAD_GATEWAY when the verifier is gone', async () => {
    const gone = await startScanVerifier();
    const target = urlOf(gone);
    await gone.close();
    const relay = await startScanRelay(target);
    try {
      await expect(post(urlOf(relay), scanBody(code))).resolves.toEqual({
        status: 502,
        body: { errors: [{ message: 'relay failed', extensions: { code: 'BAD_GATEWAY' } }] },
      });
    } finally {
      await relay.close();
    }
  });
});
