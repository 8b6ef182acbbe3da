import { DataLayerError } from '../../adapters/kit/errors';

/** A W3C trace id as the gateway writes it into the audit trail: 32 lowercase hexadecimal characters. */
const TRACE_ID = /^[\da-f]{32}$/;

/** The trace id, or INVALID_ARGUMENT naming the argument (an upper-case id would silently match nothing). */
export function parseTraceId(raw: string, argument: string): string {
  if (!TRACE_ID.test(raw))
    throw new DataLayerError(
      'INVALID_ARGUMENT',
      `${argument} must be a W3C trace id, 32 lowercase hexadecimal characters: "${raw}"`,
    );
  return raw;
}
