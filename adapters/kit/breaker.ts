import CircuitBreaker from 'opossum';
import { DataLayerError, isNotTheDepartmentsFault } from './errors';

export interface BreakerOptions {
  /** A call slower than this fails with DEPARTMENT_TIMEOUT, in ms; 0 leaves timing to the caller. @default 3_000 (3 s) */
  timeoutMs?: number;
  /** Failure percentage in the rolling window that opens the breaker. @default 50 (%) */
  errorThresholdPercentage?: number;
  /** Calls in the window before the breaker may open at all. @default 5 (calls) */
  volumeThreshold?: number;
  /** Length of the rolling statistics window, in ms. @default 10_000 (10 s) */
  rollingWindowMs?: number;
  /** How long the breaker stays open before one half-open probe, in ms. @default 5_000 (5 s) */
  resetTimeoutMs?: number;
}

export const BREAKER_DEFAULTS: Required<BreakerOptions> = {
  timeoutMs: 3_000, // 3 s
  errorThresholdPercentage: 50, // %
  volumeThreshold: 5, // calls
  rollingWindowMs: 10_000, // 10 s
  resetTimeoutMs: 5_000, // 5 s
};

function check(name: string, v: number, min: number, max = Infinity): number {
  if (!Number.isFinite(v) || v < min || v > max)
    throw new TypeError(`${name} must be a number from ${min} to ${max}: ${v}`);
  return v;
}

/**
 * An opossum breaker around one legacy operation. Validation and not-found replies
 * (client-side DataLayerErrors) never count as failures; breaker-made errors are
 * told apart from the legacy system's own (CIRCUIT_OPEN, DEPARTMENT_TIMEOUT, BULKHEAD_FULL).
 */
export function createBreaker<A extends unknown[], R>(
  department: string,
  operation: string,
  fn: (...args: A) => Promise<R>,
  options: BreakerOptions = {},
): { fire: (...args: A) => Promise<R>; breaker: CircuitBreaker<A, R> } {
  const o = { ...BREAKER_DEFAULTS, ...options };
  const breaker = new CircuitBreaker<A, R>(fn, {
    name: `${department}.${operation}`,
    timeout: o.timeoutMs === 0 ? false : check('timeoutMs', o.timeoutMs, 1),
    errorThresholdPercentage: check('errorThresholdPercentage', o.errorThresholdPercentage, 1, 100),
    volumeThreshold: check('volumeThreshold', o.volumeThreshold, 0),
    rollingCountTimeout: check('rollingWindowMs', o.rollingWindowMs, 10),
    resetTimeout: check('resetTimeoutMs', o.resetTimeoutMs, 1),
    errorFilter: (e: unknown) => isNotTheDepartmentsFault(e),
  });
  const fire = async (...args: A): Promise<R> => {
    try {
      return await breaker.fire(...args);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EOPENBREAKER')
        throw new DataLayerError('CIRCUIT_OPEN', `${department} ${operation}: circuit open`, {
          department,
          cause: e,
        });
      if (code === 'ETIMEDOUT' && !(e instanceof DataLayerError))
        throw new DataLayerError(
          'DEPARTMENT_TIMEOUT',
          `${department} ${operation}: no answer within ${o.timeoutMs} ms`,
          {
            department,
            cause: e,
          },
        );
      if (code === 'ESEMLOCKED')
        throw new DataLayerError('BULKHEAD_FULL', `${department} ${operation}: too many calls in flight`, {
          department,
          cause: e,
        });
      throw e;
    }
  };
  return { fire, breaker };
}
