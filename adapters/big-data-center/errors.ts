import type { ErrorCode } from '../kit/error-codes';
import { DataLayerError } from '../kit/errors';
import { retryAfterSeconds, type HttpReply } from '../kit/http-upstream';

export const DEPARTMENT = 'big-data-center';

/** Why the platform refused our signature, in words an operator can act on. */
const REFUSALS: Record<string, string> = {
  UNKNOWN_APP: 'the app key is not registered with the platform (check BIG_DATA_CENTER_APP_KEY)',
  INVALID_SIGNATURE: 'the request signature did not verify (check BIG_DATA_CENTER_APP_SECRET)',
  STALE_TIMESTAMP:
    "the request timestamp is more than 300 s from the platform's clock (check this server's clock)",
  REPLAYED_NONCE: 'the platform saw this request nonce before',
};

/**
 * The platform's refusals of a write (or a Suishenma issue) that say something about the
 * request and so become typed errors for the caller, rather than a protocol fault.
 */
export const WRITE_ERRORS: Readonly<Record<string, ErrorCode>> = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  UNKNOWN_ISSUER: 'INVALID_ARGUMENT',
  NOT_FOUND: 'NOT_FOUND',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  ALREADY_REVOKED: 'ILLEGAL_TRANSITION',
  SCENE_NOT_SERVED: 'DIGITAL_ID_WRONG_SCENE',
};

export function badReply(message: string, cause?: unknown): DataLayerError {
  return new DataLayerError('BAD_LEGACY_REPLY', `big-data-center: ${message}`, {
    department: DEPARTMENT,
    cause,
  });
}

/** The platform's JSON error `{ code, message }`, if the body is one. */
export function platformError(body: Buffer): { code: string; message: string } | undefined {
  try {
    const v = JSON.parse(body.toString('utf8')) as { code?: unknown; message?: unknown };
    if (typeof v?.code === 'string')
      return { code: v.code, message: typeof v.message === 'string' ? v.message : '' };
  } catch {
    /* not JSON: the caller decides from the status alone */
  }
  return undefined;
}

/**
 * The DataLayerError for a reply that is not a success. 401 says which credential check
 * failed but never the secret; 429 and 503 carry Retry-After; other 5xx mean the platform
 * is down; a 4xx is a protocol-level fault (we sent something it does not accept).
 */
export function replyError(reply: HttpReply, appKey: string): DataLayerError {
  const department = DEPARTMENT;
  const err = platformError(reply.body);
  const retryAfter = retryAfterSeconds(reply.headers['retry-after']);
  if (reply.status === 401) {
    const why = (err && REFUSALS[err.code]) ?? 'unknown reason';
    return new DataLayerError(
      'LEGACY_FAULT',
      `big-data-center refused our credentials for app key "${appKey}" (${err?.code ?? 'HTTP 401'}): ${why}`,
      { department },
    );
  }
  if (reply.status === 429)
    return new DataLayerError('RATE_LIMITED', 'big-data-center is rate limiting us', {
      department,
      retryAfter,
    });
  if (reply.status === 503 && retryAfter !== undefined)
    return new DataLayerError('IN_MAINTENANCE', 'big-data-center is in maintenance', {
      department,
      retryAfter,
    });
  if (reply.status >= 500)
    return new DataLayerError(
      'DEPARTMENT_UNAVAILABLE',
      `big-data-center answered HTTP ${reply.status}${err ? ` ${err.code}` : ''}`,
      {
        department,
      },
    );
  if (reply.status >= 400)
    return new DataLayerError(
      'LEGACY_FAULT',
      `big-data-center refused the request (HTTP ${reply.status}${err ? ` ${err.code}: ${err.message}` : ''})`,
      { department },
    );
  return badReply(`unexpected HTTP ${reply.status}`);
}
