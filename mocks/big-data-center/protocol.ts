import { createHmac } from 'node:crypto';
import type { HttpMockReply, HttpMockRequest, HttpProtocol } from '../kit/http-mock';

/** Most ids in one batchGet and most holders in one searchByHolders. */
export const MAX_KEYS_PER_REQUEST = 100;

const ROUTES: readonly { method: string; pattern: RegExp; operation: string }[] = [
  { method: 'POST', pattern: /^\/v1\/certificates:batchGet$/, operation: 'certificates:batchGet' },
  {
    method: 'POST',
    pattern: /^\/v1\/certificates:searchByHolders$/,
    operation: 'certificates:searchByHolders',
  },
  {
    method: 'POST',
    pattern: /^\/v1\/certificates:findByVerificationCode$/,
    operation: 'certificates:findByVerificationCode',
  },
  { method: 'POST', pattern: /^\/v1\/certificates:issue$/, operation: 'certificates:issue' },
  { method: 'POST', pattern: /^\/v1\/certificates\/[^/]+:revoke$/, operation: 'certificates:revoke' },
  { method: 'GET', pattern: /^\/v1\/issuers\/[^/]+\/public-key$/, operation: 'issuers.publicKey' },
  { method: 'POST', pattern: /^\/v1\/suishenma:issue$/, operation: 'suishenma:issue' },
  { method: 'GET', pattern: /^\/v1\/suishenma\/jwks$/, operation: 'suishenma.jwks' },
  { method: 'GET', pattern: /^\/v1\/ping$/, operation: 'ping' },
];

/** The operation a request is for, by method and path (`unknown` when no route matches). */
export function operationOf(req: Pick<HttpMockRequest, 'method' | 'path'>): string {
  return ROUTES.find((r) => r.method === req.method && r.pattern.test(req.path))?.operation ?? 'unknown';
}

/**
 * A JSON reply; signed with the caller's app secret when the request was authenticated
 * (X-Response-Signature = HMAC over the request's nonce, a newline, then the body bytes), so a
 * signed reply answers that request alone and cannot be replayed to another one.
 */
export function jsonReply(
  status: number,
  body: unknown,
  signer?: { secret: string; nonce: string },
  headers: Record<string, string> = {},
): HttpMockReply {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const out: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...headers };
  if (signer !== undefined)
    out['x-response-signature'] = createHmac('sha256', signer.secret)
      .update(`${signer.nonce}\n`)
      .update(bytes)
      .digest('hex');
  return { status, headers: out, body: bytes };
}

function errorBody(code: string, message: string): { code: string; message: string } {
  return { code, message };
}

/**
 * How the platform's API gateway answers when it, not the application behind it, fails:
 * plain JSON errors without a response signature (the gateway holds no app secrets).
 */
export const bigDataCenterProtocol: HttpProtocol = {
  operation: operationOf,
  keys(req) {
    const op = operationOf(req);
    if (op !== 'certificates:batchGet' && op !== 'certificates:searchByHolders') return 1;
    const body = JSON.parse(req.body.toString('utf8')) as { ids?: unknown; holders?: unknown };
    const list = op === 'certificates:batchGet' ? body.ids : body.holders;
    return Array.isArray(list) ? list.length : 1;
  },
  serverError: () => jsonReply(500, errorBody('INTERNAL_ERROR', 'the certificate library failed to answer')),
  rateLimited: (retryAfter) =>
    jsonReply(429, errorBody('RATE_LIMITED', 'too many requests for this app key'), undefined, {
      'retry-after': String(retryAfter),
    }),
  maintenance: (retryAfter) =>
    jsonReply(
      503,
      errorBody('UNDER_MAINTENANCE', 'the certificate library is under maintenance'),
      undefined,
      {
        'retry-after': String(retryAfter),
      },
    ),
  contentType: 'application/json; charset=utf-8',
};
