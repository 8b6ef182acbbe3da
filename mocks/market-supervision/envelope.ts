import type { HttpMockReply } from '../kit/http-mock';

/** The registry's error codes (the `code` field of the envelope; 0 is success). */
export const LEGACY_CODES = {
  OK: 0,
  PAGE_SIZE_OUT_OF_RANGE: 40001,
  PAGE_OUT_OF_RANGE: 40002,
  MISSING_PARAMETER: 40003,
  MALFORMED_VALUE: 40004,
  TOO_MANY_VALUES: 40005,
  NO_SUCH_API: 40400,
  METHOD_NOT_ALLOWED: 40500,
  TOO_MANY_REQUESTS: 42900,
  INTERNAL: 50000,
  MAINTENANCE: 50300,
} as const;

const JSON_TYPE = 'application/json;charset=UTF-8';

/** Every answer of the registry, success or not, is this envelope. */
export function envelope(
  status: number,
  code: number,
  message: string,
  data: unknown,
  headers: Record<string, string> = {},
): HttpMockReply {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, ...headers },
    body: JSON.stringify({ code, message, data }),
  };
}

export function ok(data: unknown): HttpMockReply {
  return envelope(200, LEGACY_CODES.OK, 'ok', data);
}

export function badRequest(code: number, message: string): HttpMockReply {
  return envelope(400, code, message, null);
}

export function rateLimited(retryAfter: number): HttpMockReply {
  return envelope(429, LEGACY_CODES.TOO_MANY_REQUESTS, '请求过于频繁，请稍后再试', null, {
    'retry-after': String(retryAfter),
  });
}

export const CONTENT_TYPE = JSON_TYPE;
