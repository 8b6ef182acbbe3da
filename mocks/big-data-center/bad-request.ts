import type { HttpMockRequest } from '../kit/http-mock';

/** A request the platform's application refuses with a JSON `{ code, message }` (400 unless told). */
export class BadRequest extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** The request body as a JSON object, or INVALID_ARGUMENT. */
export function parseJson(req: HttpMockRequest): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(req.body.toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* answered below */
  }
  throw new BadRequest('INVALID_ARGUMENT', 'the body must be a JSON object');
}

/** A required string field of 1 to `max` characters matching `pattern` when given. */
export function textField(
  body: Record<string, unknown>,
  field: string,
  max: number,
  pattern?: RegExp,
): string {
  const v = body[field];
  if (typeof v !== 'string' || v.trim() === '' || v.length > max || (pattern && !pattern.test(v)))
    throw new BadRequest(
      'INVALID_ARGUMENT',
      `${field} must be a string of 1 to ${max} characters${pattern ? ` matching ${String(pattern)}` : ''}`,
    );
  return v;
}
