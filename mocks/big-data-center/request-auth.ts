import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { HttpMockRequest } from '../kit/http-mock';
import type { AppRegistry } from './apps';

/** Why the platform refused a request (the `code` of its 401 reply). */
export type AuthFailureCode = 'INVALID_SIGNATURE' | 'STALE_TIMESTAMP' | 'REPLAYED_NONCE' | 'UNKNOWN_APP';

export type AuthResult =
  | { ok: true; appKey: string; secret: string; nonce: string }
  | { ok: false; code: AuthFailureCode; message: string };

const NONCE = /^[A-Za-z0-9_-]{8,64}$/;

/** Query parameters sorted by name then value, each percent-encoded, joined with `&`. */
export function sortedQuery(query: URLSearchParams): string {
  return [...query.entries()]
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/** The string a request signature covers: METHOD, PATH, sorted query, timestamp, nonce, sha256hex(body). */
export function canonicalRequest(req: HttpMockRequest, timestamp: string, nonce: string): string {
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  return [req.method.toUpperCase(), req.path, sortedQuery(req.query), timestamp, nonce, bodyHash].join('\n');
}

function header(req: HttpMockRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Checks the platform's request signing: known app key, timestamp within the allowed
 * skew, HMAC-SHA256 signature, then a nonce never seen inside the replay window. The
 * nonce is remembered only after the signature verifies, so forged requests cannot
 * burn nonces of the real app.
 */
export class RequestAuthenticator {
  /** `appKey\nnonce` -> when it may be forgotten (ms epoch); insertion order is time order. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly apps: AppRegistry,
    private readonly maxSkewMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(req: HttpMockRequest): AuthResult {
    const appKey = header(req, 'x-app-key');
    const secret = appKey === undefined ? undefined : this.apps.get(appKey);
    if (appKey === undefined || secret === undefined)
      return {
        ok: false,
        code: 'UNKNOWN_APP',
        message: appKey === undefined ? 'X-App-Key is missing' : `app key "${appKey}" is not registered`,
      };
    const timestamp = header(req, 'x-timestamp') ?? '';
    const nonce = header(req, 'x-nonce') ?? '';
    const signature = (header(req, 'x-signature') ?? '').toLowerCase();
    const now = this.now();
    if (!/^\d{13}$/.test(timestamp))
      return {
        ok: false,
        code: 'STALE_TIMESTAMP',
        message: 'X-Timestamp must be milliseconds since the epoch',
      };
    if (Math.abs(now - Number(timestamp)) > this.maxSkewMs)
      return {
        ok: false,
        code: 'STALE_TIMESTAMP',
        message: `X-Timestamp is more than ${this.maxSkewMs / 1000} s away from the platform clock`,
      };
    if (!NONCE.test(nonce))
      return {
        ok: false,
        code: 'INVALID_SIGNATURE',
        message: 'X-Nonce must be 8 to 64 characters [A-Za-z0-9_-]',
      };
    const expected = createHmac('sha256', secret)
      .update(canonicalRequest(req, timestamp, nonce))
      .digest();
    const given = /^[\da-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, code: 'INVALID_SIGNATURE', message: 'X-Signature does not match the request' };
    this.forgetExpired(now);
    const id = `${appKey}\n${nonce}`;
    if (this.seen.has(id)) return { ok: false, code: 'REPLAYED_NONCE', message: 'X-Nonce was already used' };
    // A nonce must stay remembered as long as its timestamp could still pass the skew check.
    this.seen.set(id, now + 2 * this.maxSkewMs);
    return { ok: true, appKey, secret, nonce };
  }

  private forgetExpired(now: number): void {
    for (const [id, until] of this.seen) {
      if (until > now) break;
      this.seen.delete(id);
    }
  }
}
