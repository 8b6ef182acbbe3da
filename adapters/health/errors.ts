import { DataLayerError } from '../kit/errors';
import { retryAfterSeconds, type HttpReply } from '../kit/http-upstream';
import { DEPARTMENT } from './vocabulary';

const department = DEPARTMENT;

/** A reply that does not follow FHIR: never retried, reported as BAD_LEGACY_REPLY (the detail stays in `cause`). */
export function badReply(what: string, detail: string, cause?: unknown): DataLayerError {
  return new DataLayerError(
    'BAD_LEGACY_REPLY',
    `health ${what}: the FHIR server answered something malformed (${detail})`,
    {
      department,
      cause: cause ?? detail,
    },
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The issue codes of an OperationOutcome, or undefined when `body` is not one. */
export function outcomeIssueCodes(body: unknown): string[] | undefined {
  if (!isObject(body) || body.resourceType !== 'OperationOutcome') return undefined;
  const issues = Array.isArray(body.issue) ? body.issue : [];
  return issues.map((i) => (isObject(i) && typeof i.code === 'string' ? i.code : 'unknown'));
}

/**
 * The error a non-2xx reply (or a 2xx OperationOutcome) stands for:
 * 429 -> RATE_LIMITED, 503 with Retry-After -> IN_MAINTENANCE (both with `retryAfter`),
 * any other OperationOutcome -> LEGACY_FAULT, a 5xx without one (a proxy's error page) ->
 * DEPARTMENT_UNAVAILABLE, a 4xx without one -> BAD_LEGACY_REPLY. Undefined when the reply is fine.
 */
export function replyError(reply: HttpReply, body: unknown, what: string): DataLayerError | undefined {
  const retryAfter = retryAfterSeconds(reply.headers['retry-after']);
  if (reply.status === 429)
    return new DataLayerError('RATE_LIMITED', `health ${what}: the FHIR server is rate limiting us`, {
      department,
      retryAfter: retryAfter ?? 1,
      cause: body,
    });
  if (reply.status === 503 && retryAfter !== undefined)
    return new DataLayerError('IN_MAINTENANCE', `health ${what}: the FHIR server is in maintenance`, {
      department,
      retryAfter,
      cause: body,
    });
  const issues = outcomeIssueCodes(body);
  if (issues)
    return new DataLayerError(
      'LEGACY_FAULT',
      `health ${what}: the FHIR server answered ${reply.status} OperationOutcome (${issues.join(', ') || 'no issue'})`,
      { department, cause: body },
    );
  if (reply.status >= 200 && reply.status < 300) return undefined;
  if (reply.status >= 500)
    return new DataLayerError(
      'DEPARTMENT_UNAVAILABLE',
      `health ${what}: the FHIR server answered ${reply.status}`,
      {
        department,
        cause: body,
      },
    );
  return badReply(what, `HTTP ${reply.status} without an OperationOutcome`, body);
}

/** The JSON body of a successful reply; throws the DataLayerError the reply stands for otherwise. */
export function readFhirReply(reply: HttpReply, what: string): unknown {
  let body: unknown;
  let parseError: unknown;
  try {
    body = JSON.parse(reply.body.toString('utf8'));
  } catch (e) {
    parseError = e;
  }
  const error = replyError(reply, body, what);
  if (error) throw error;
  if (parseError !== undefined) throw badReply(what, 'body is not JSON', parseError);
  return body;
}
