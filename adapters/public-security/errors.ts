import { DataLayerError } from '../kit/errors';
import { retryAfterSeconds } from '../kit/http-upstream';
import { CWDM_RATE_LIMITED } from './legacy-codes';
import { DEPARTMENT } from './department';

/** A SOAP 1.1 Fault as the registry sends it; kept as the `cause` (the faultstring stays in the logs). */
export class SoapFault extends Error {
  constructor(
    /** `Client` (our request was wrong) or `Server` (the registry failed), namespace prefix removed. */
    readonly faultcode: string,
    readonly faultstring: string,
    /** The registry's error code from `detail/CWXX/CWDM`, when present. */
    readonly cwdm: string | undefined,
    readonly httpStatus: number,
  ) {
    super(`SOAP Fault soap:${faultcode} (HTTP ${httpStatus}, CWDM ${cwdm ?? '-'}): ${faultstring}`);
    this.name = 'SoapFault';
  }
}

export function badReply(operation: string, why: string, cause?: unknown): DataLayerError {
  return new DataLayerError('BAD_LEGACY_REPLY', `${DEPARTMENT} ${operation}: ${why}`, {
    department: DEPARTMENT,
    cause,
  });
}

/**
 * A Fault becomes LEGACY_FAULT, except the front proxy's throttling (429, or 503 with CWDM 9002)
 * and maintenance (other 503) faults, which carry Retry-After for the caller.
 */
export function faultError(
  operation: string,
  fault: SoapFault,
  retryAfterHeader: string | string[] | undefined,
): DataLayerError {
  const retryAfter = retryAfterSeconds(retryAfterHeader);
  const options = { department: DEPARTMENT, cause: fault, retryAfter };
  if (fault.httpStatus === 429 || (fault.httpStatus === 503 && fault.cwdm === CWDM_RATE_LIMITED))
    return new DataLayerError(
      'RATE_LIMITED',
      `${DEPARTMENT} ${operation}: rate limited by the registry`,
      options,
    );
  if (fault.httpStatus === 503)
    return new DataLayerError(
      'IN_MAINTENANCE',
      `${DEPARTMENT} ${operation}: the registry is in maintenance`,
      options,
    );
  return new DataLayerError(
    'LEGACY_FAULT',
    `${DEPARTMENT} ${operation}: the registry answered a SOAP Fault (soap:${fault.faultcode})`,
    {
      department: DEPARTMENT,
      cause: fault,
    },
  );
}

/** A non-200 reply that carries no SOAP envelope at all (a proxy's error page, a wrong path). */
export function statusError(
  operation: string,
  status: number,
  retryAfterHeader: string | string[] | undefined,
): DataLayerError {
  const retryAfter = retryAfterSeconds(retryAfterHeader);
  if (status === 429)
    return new DataLayerError('RATE_LIMITED', `${DEPARTMENT} ${operation}: HTTP 429`, {
      department: DEPARTMENT,
      retryAfter,
    });
  if (status >= 500)
    return new DataLayerError(
      'DEPARTMENT_UNAVAILABLE',
      `${DEPARTMENT} ${operation}: HTTP ${status} without a SOAP envelope`,
      {
        department: DEPARTMENT,
        retryAfter,
      },
    );
  return badReply(operation, `HTTP ${status} without a SOAP envelope`);
}
