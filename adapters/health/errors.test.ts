import type { HttpReply } from '../kit/http-upstream';
import { readFhirReply } from './errors';

const outcome = (code: string) =>
  JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code }] });
const reply = (status: number, body: string, headers: Record<string, string> = {}): HttpReply => ({
  status,
  headers,
  body: Buffer.from(body),
});

function failure(r: HttpReply): unknown {
  try {
    readFhirReply(r, 'DocumentReference search');
  } catch (e) {
    const { code, retryAfter, message } = e as { code: string; retryAfter?: number; message: string };
    return { code, retryAfter, message };
  }
  return 'no error';
}

describe('readFhirReply', () => {
  it('returns the parsed body of a 200', () => {
    expect(readFhirReply(reply(200, '{"resourceType":"Bundle"}'), 'x')).toEqual({ resourceType: 'Bundle' });
  });

  it.each([
    [
      '400 with an OperationOutcome',
      reply(400, outcome('not-supported')),
      'LEGACY_FAULT',
      undefined,
      '400 OperationOutcome (not-supported)',
    ],
    [
      '410 Gone with an OperationOutcome',
      reply(410, outcome('processing')),
      'LEGACY_FAULT',
      undefined,
      '410 OperationOutcome (processing)',
    ],
    [
      '200 with an OperationOutcome',
      reply(200, outcome('informational')),
      'LEGACY_FAULT',
      undefined,
      '200 OperationOutcome (informational)',
    ],
    [
      '429 with Retry-After',
      reply(429, outcome('throttled'), { 'retry-after': '7' }),
      'RATE_LIMITED',
      7,
      'rate limiting us',
    ],
    [
      '503 with Retry-After',
      reply(503, outcome('transient'), { 'retry-after': '600' }),
      'IN_MAINTENANCE',
      600,
      'in maintenance',
    ],
    [
      '503 without Retry-After',
      reply(503, outcome('transient')),
      'LEGACY_FAULT',
      undefined,
      '503 OperationOutcome (transient)',
    ],
    [
      '502 from a proxy',
      reply(502, '<html>Bad Gateway</html>'),
      'DEPARTMENT_UNAVAILABLE',
      undefined,
      'answered 502',
    ],
    [
      '404 without an OperationOutcome',
      reply(404, 'Not Found'),
      'BAD_LEGACY_REPLY',
      undefined,
      'HTTP 404 without an OperationOutcome',
    ],
    [
      '200 with truncated JSON',
      reply(200, '{"resourceType":'),
      'BAD_LEGACY_REPLY',
      undefined,
      'body is not JSON',
    ],
  ])('maps a %s to the error it stands for', (_what, r, code, retryAfter, text) => {
    const f = failure(r) as { code: string; retryAfter?: number; message: string };
    expect([f.code, f.retryAfter]).toEqual([code, retryAfter]);
    expect(f.message).toContain(text);
  });
});
