import { ERROR_CODES, type ErrorCode } from './error-codes';

export interface DataLayerErrorOptions {
  /** The department (legacy system) the error came from, e.g. `public-security`. */
  department?: string;
  /** Seconds after which a retry may succeed (from Retry-After or a maintenance window). */
  retryAfter?: number;
  cause?: unknown;
  /**
   * The failure is the caller's doing, not the department's: the request's deadline was
   * nearly spent or its client hung up. It never counts against the department's breaker.
   */
  callerBound?: boolean;
}

/**
 * The one error type adapters and subgraphs throw. The subgraph server turns it into
 * `extensions: { code, department, retryAfter }`; the gateway passes those through.
 */
export class DataLayerError extends Error {
  readonly code: ErrorCode;
  readonly department: string | undefined;
  readonly retryAfter: number | undefined;
  readonly callerBound: boolean;

  constructor(code: ErrorCode, message: string, options: DataLayerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DataLayerError';
    this.code = code;
    this.department = options.department;
    this.retryAfter = options.retryAfter;
    this.callerBound = options.callerBound ?? false;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].status;
  }

  /** The GraphQL `extensions` for this error; never includes the cause (legacy messages stay in the logs). */
  toExtensions(): Record<string, unknown> {
    const ext: Record<string, unknown> = { code: this.code };
    if (this.department) ext.department = this.department;
    if (this.retryAfter !== undefined) ext.retryAfter = this.retryAfter;
    return ext;
  }
}

export function isDataLayerError(e: unknown): e is DataLayerError {
  return e instanceof DataLayerError;
}

/** Errors that say nothing about the legacy system's health: they never trip a breaker. */
export function isNotTheDepartmentsFault(e: unknown): boolean {
  return isClientSideError(e) || (isDataLayerError(e) && e.callerBound);
}

/** Errors that say something about the request, not the health of the legacy system: never trip a breaker. */
export function isClientSideError(e: unknown): boolean {
  return (
    isDataLayerError(e) &&
    ERROR_CODES[e.code].status >= 400 &&
    ERROR_CODES[e.code].status < 500 &&
    e.code !== 'RATE_LIMITED'
  );
}

/**
 * A caller's input as an error message may show it: JSON-quoted (control characters and markup
 * escaped, never reflected raw into a response or a log line) and cut to `max` characters.
 */
export function quoted(input: string, max = 40): string {
  return JSON.stringify(input.length > max ? `${input.slice(0, max)}…` : input).replace(
    /[\u007f-\u009f\u2028\u2029<>]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
