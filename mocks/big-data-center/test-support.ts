import { createHmac } from 'node:crypto';
import { request } from 'undici';
import type { MockHandle } from '../kit/mock-server';
import { DEMO_APP_KEY, DEMO_APP_SECRET } from './apps';
import { canonicalRequest } from './request-auth';

let nonce = 0;

/** A correctly signed call to the mock, as a platform client would make it; the JSON reply and its status. */
export async function signedCall(mock: MockHandle, method: 'GET' | 'POST', path: string, body?: unknown) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const timestamp = String(Date.now());
  const n = `support-nonce-${++nonce}`;
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
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.statusCode, body: (await res.body.json()) as any };
}
