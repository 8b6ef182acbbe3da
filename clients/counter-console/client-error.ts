import type { ErrorCode } from '../../adapters/kit/error-codes';

/** One entry of a GraphQL response's `errors`, as the gateway sends it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  /** `code` (adapters/kit/error-codes.ts, or Apollo's GRAPHQL_VALIDATION_FAILED…), `department`, `retryAfter`. */
  extensions?: Record<string, unknown>;
}

/**
 * What the gateway refused or failed, as one typed error: a console branches on `code` (say,
 * PURPOSE_REQUIRED asks the officer for a case; IN_MAINTENANCE shows `retryAfter`), never on
 * the message text.
 */
export class CounterClientError extends Error {
  /**
   * The first error's `extensions.code` (a code of adapters/kit/error-codes.ts or Apollo's own);
   * `HTTP_<status>` when the gateway answered without a GraphQL body; OPERATION_NOT_PERSISTED when
   * the client was given a manifest without the operation (nothing sent).
   */
  readonly code: ErrorCode | (string & {});
  /** The department the first error names, if any. */
  readonly department: string | undefined;
  /** Seconds after which a retry may succeed (IN_MAINTENANCE, RATE_LIMITED…), if the gateway said. */
  readonly retryAfter: number | undefined;

  constructor(
    code: string,
    message: string,
    /** Every error of the response (empty when there was no GraphQL body). */
    readonly errors: readonly GraphQLErrorEntry[],
    /** What the response held besides the errors: a failing department nulls only its own fields. */
    readonly data: unknown,
    /** The HTTP status; 0 when nothing was sent. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'CounterClientError';
    this.code = code;
    const ext = errors[0]?.extensions;
    this.department = typeof ext?.department === 'string' ? ext.department : undefined;
    this.retryAfter = typeof ext?.retryAfter === 'number' ? ext.retryAfter : undefined;
  }
}

/** Builds the error of a GraphQL response that carries `errors`. */
export function errorOfResponse(
  status: number,
  errors: readonly GraphQLErrorEntry[],
  data: unknown,
): CounterClientError {
  const first = errors[0]!;
  const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new CounterClientError(code, `${code}: ${first.message}${more}`, errors, data, status);
}
