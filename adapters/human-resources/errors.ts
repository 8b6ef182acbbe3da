import iconv from 'iconv-lite';
import { DataLayerError } from '../kit/errors';
import { retryAfterSeconds, type HttpReply } from '../kit/http-upstream';

export const DEPARTMENT = 'human-resources';

/** A malformed reply: the legacy text goes to `cause` (logs), never to the client-visible message. */
export function badReply(message: string, cause?: unknown): DataLayerError {
  return new DataLayerError('BAD_LEGACY_REPLY', `human-resources: ${message}`, {
    department: DEPARTMENT,
    cause,
  });
}

/** The system's GBK plain-text error line, for the logs. */
function legacyText(reply: HttpReply): string {
  return iconv.decode(reply.body.subarray(0, 512), 'gbk').trim();
}

/**
 * The DataLayerError for a non-200 reply of the bulk query:
 * 503 (nightly window, or the maintenance switch) -> IN_MAINTENANCE with the Retry-After;
 * 429 -> RATE_LIMITED; other 5xx -> DEPARTMENT_UNAVAILABLE; 400/413 and anything else ->
 * LEGACY_FAULT (the system refused our query: a bug on our side, not its health).
 */
export function errorFromStatus(reply: HttpReply): DataLayerError {
  const department = DEPARTMENT;
  const cause = new Error(`HTTP ${reply.status}: ${legacyText(reply)}`);
  const retryAfter = retryAfterSeconds(reply.headers['retry-after']);
  switch (reply.status) {
    case 503:
      if (retryAfter === undefined)
        return new DataLayerError('DEPARTMENT_UNAVAILABLE', 'human-resources is unavailable (503)', {
          department,
          cause,
        });
      return new DataLayerError(
        'IN_MAINTENANCE',
        `human-resources is in maintenance; retry in ${retryAfter} s`,
        {
          department,
          retryAfter,
          cause,
        },
      );
    case 429:
      return new DataLayerError(
        'RATE_LIMITED',
        `human-resources is rate limiting; retry in ${retryAfter ?? 1} s`,
        {
          department,
          retryAfter: retryAfter ?? 1,
          cause,
        },
      );
    default:
      if (reply.status >= 500)
        return new DataLayerError(
          'DEPARTMENT_UNAVAILABLE',
          `human-resources answered a server error (${reply.status})`,
          {
            department,
            cause,
          },
        );
      return new DataLayerError('LEGACY_FAULT', `human-resources refused the bulk query (${reply.status})`, {
        department,
        cause,
      });
  }
}
