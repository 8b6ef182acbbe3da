import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Credentials {
  appKey: string;
  appSecret: string;
}

export interface SignedRequest {
  method: 'GET' | 'POST';
  /** Path and optional query, e.g. `/v1/certificates:batchGet`. */
  path: string;
  body: string;
}

/** Query parameters sorted by name then value, each percent-encoded, joined with `&` (empty when none). */
export function sortedQuery(search: string): string {
  return [...new URLSearchParams(search).entries()]
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/** What the request signature covers: METHOD \n PATH \n sorted-query \n timestamp \n nonce \n sha256hex(body). */
export function canonicalRequest(req: SignedRequest, timestamp: string, nonce: string): string {
  const q = req.path.indexOf('?');
  const path = q < 0 ? req.path : req.path.slice(0, q);
  const search = q < 0 ? '' : req.path.slice(q + 1);
  const bodyHash = createHash('sha256').update(req.body, 'utf8').digest('hex');
  return [req.method, path, sortedQuery(search), timestamp, nonce, bodyHash].join('\n');
}

/**
 * The four headers that authenticate one request. A fresh nonce and timestamp every
 * call: the platform refuses a nonce it has seen and a clock more than 300 s off.
 */
export function signRequest(
  creds: Credentials,
  req: SignedRequest,
  now: number = Date.now(),
  nonce: string = randomBytes(16).toString('hex'),
): Record<string, string> {
  const timestamp = String(now);
  const signature = createHmac('sha256', creds.appSecret)
    .update(canonicalRequest(req, timestamp, nonce))
    .digest('hex');
  return { 'x-app-key': creds.appKey, 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': signature };
}

/**
 * Is `signature` (hex) the platform's HMAC-SHA256 over our request's nonce, a newline and
 * exactly these body bytes? Binding the nonce means a signed reply captured from one request
 * cannot be passed off as the answer to another (say, a certificate's status before it was
 * revoked). Constant-time.
 */
export function responseSignatureValid(
  appSecret: string,
  body: Buffer,
  signature: string | string[] | undefined,
  nonce: string,
): boolean {
  const given = Array.isArray(signature) ? signature[0] : signature;
  if (!given || !/^[\da-fA-F]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', appSecret).update(`${nonce}\n`).update(body).digest();
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}
