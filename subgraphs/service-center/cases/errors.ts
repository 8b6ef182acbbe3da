import { DataLayerError } from '../../../adapters/kit/errors';
import type { ErrorCode } from '../../../adapters/kit/error-codes';

/** A refusal of the service centre's own (no legacy system involved). */
export function refuse(code: ErrorCode, message: string): DataLayerError {
  return new DataLayerError(code, message, { department: 'service-center' });
}
