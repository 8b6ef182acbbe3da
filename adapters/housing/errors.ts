import { DataLayerError } from '../kit/errors';

export const DEPARTMENT = 'housing';

/** A reply that does not follow the registry's record layouts. */
export function badReply(why: string): DataLayerError {
  return new DataLayerError('BAD_LEGACY_REPLY', `housing registry reply is malformed: ${why}`, {
    department: DEPARTMENT,
  });
}

/**
 * An `ERR` record as a DataLayerError: E901 is the nightly maintenance window and E902 the
 * transaction-class throttle, both with a retry-after; anything else (an abend, a request
 * the registry refused) is the registry's own fault.
 */
export function errorRecord(code: string, retryAfter: number, message: string): DataLayerError {
  const department = DEPARTMENT;
  const options = { department, retryAfter: retryAfter > 0 ? retryAfter : undefined };
  if (code === 'E901')
    return new DataLayerError('IN_MAINTENANCE', `housing registry is in maintenance: ${message}`, options);
  if (code === 'E902')
    return new DataLayerError('RATE_LIMITED', `housing registry is throttling us: ${message}`, options);
  return new DataLayerError('LEGACY_FAULT', `housing registry error ${code}: ${message}`, { department });
}
