import { DataLayerError } from '../kit/errors';
import { retryAfterSeconds, type HttpReply } from '../kit/http-upstream';

export const DEPARTMENT = 'market-supervision';

/** The registry's own codes worth naming in messages (the envelope's `code`). */
const LEGACY_MEANINGS: Readonly<Record<number, string>> = {
  40001: 'page_size out of range',
  40002: 'page out of range',
  40003: 'missing query parameter',
  40004: 'malformed value',
  40005: 'too many values',
  40400: 'no such API',
  40500: 'method not allowed',
  42900: 'too many requests',
  50000: 'internal error',
  50300: 'maintenance',
};

/** An answer that does not follow the registry's protocol. */
export function badReply(what: string, cause?: unknown): DataLayerError {
  return new DataLayerError('BAD_LEGACY_REPLY', `${DEPARTMENT}: ${what}`, { department: DEPARTMENT, cause });
}

/** A well-formed envelope whose `code` is not 0: the registry refused what we asked. */
export function legacyFault(code: number, message: string): DataLayerError {
  const meaning = LEGACY_MEANINGS[code];
  return new DataLayerError(
    'LEGACY_FAULT',
    `${DEPARTMENT} answered ${code}${meaning ? ` (${meaning})` : ''}: ${message}`,
    {
      department: DEPARTMENT,
    },
  );
}

/** The legacy code and message of an error body, when it is the registry's envelope. */
function envelopeOf(body: Buffer): { code: number; message: string } | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { code?: unknown; message?: unknown };
    if (typeof parsed.code === 'number') return { code: parsed.code, message: String(parsed.message ?? '') };
  } catch {
    /* not the envelope: the status alone says what happened */
  }
  return undefined;
}

/**
 * The DataLayerError for an HTTP status other than 200. 429 and 503 carry Retry-After;
 * other 5xx mean the registry is failing; 4xx mean it refused our request (a protocol
 * mismatch on our side, never the caller's: ids are validated before any call).
 */
export function statusError(reply: HttpReply): DataLayerError {
  const department = DEPARTMENT;
  const retryAfter = retryAfterSeconds(reply.headers['retry-after']);
  const legacy = envelopeOf(reply.body);
  const detail = legacy ? ` (${legacy.code}: ${legacy.message})` : '';
  if (reply.status === 429)
    return new DataLayerError('RATE_LIMITED', `${department} is rate limiting us${detail}`, {
      department,
      retryAfter: retryAfter ?? 1,
    });
  if (reply.status === 503 && retryAfter !== undefined)
    return new DataLayerError('IN_MAINTENANCE', `${department} is in maintenance${detail}`, {
      department,
      retryAfter,
    });
  if (reply.status >= 500)
    return new DataLayerError(
      'DEPARTMENT_UNAVAILABLE',
      `${department} answered HTTP ${reply.status}${detail}`,
      { department },
    );
  if (reply.status >= 400 && legacy) return legacyFault(legacy.code, legacy.message);
  return badReply(`unexpected HTTP ${reply.status}`);
}
