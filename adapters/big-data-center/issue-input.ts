import { DataLayerError } from '../kit/errors';
import { parseIssuerCode } from './certificate-id';
import { DEPARTMENT } from './errors';
import { parseHolder } from './holder';
import type { IssueCertificateInput } from './model';

/** Idempotency keys the library accepts as `requestId`. */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;
const TYPE = /^[A-Z][A-Z0-9_]{1,63}$/;

function invalid(message: string): DataLayerError {
  return new DataLayerError('INVALID_ARGUMENT', message, { department: DEPARTMENT });
}

/** Is `v` a real calendar date written YYYY-MM-DD? */
export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export function parseRequestId(raw: string): string {
  if (typeof raw !== 'string' || !REQUEST_ID.test(raw))
    throw invalid(`requestId must be 8 to 64 characters [A-Za-z0-9._:-]: ${JSON.stringify(raw)}`);
  return raw;
}

export function parseReason(raw: string): string {
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 200)
    throw invalid('reason must be 1 to 200 characters');
  return raw.trim();
}

/**
 * Checks everything the library would check, before any request: a wrong holder id is
 * INVALID_IDENTITY_NUMBER / INVALID_CREDIT_CODE, anything else INVALID_ARGUMENT naming the field.
 */
export function parseIssueInput(input: IssueCertificateInput): IssueCertificateInput {
  const holder = parseHolder({ type: input.holderType, id: input.holderId });
  if (typeof input.type !== 'string' || !TYPE.test(input.type))
    throw invalid(
      `type must be an upper-case machine type such as PUBLIC_PLACE_HEALTH_PERMIT: ${input.type}`,
    );
  if (typeof input.title !== 'string' || input.title.trim() === '' || input.title.length > 100)
    throw invalid('title must be 1 to 100 characters');
  if (!isIsoDate(input.validFrom)) throw invalid(`validFrom must be a YYYY-MM-DD date: ${input.validFrom}`);
  if (input.validUntil !== null && !isIsoDate(input.validUntil))
    throw invalid(`validUntil must be a YYYY-MM-DD date or null: ${input.validUntil}`);
  if (input.validUntil !== null && input.validUntil < input.validFrom)
    throw invalid(`validUntil ${input.validUntil} is before validFrom ${input.validFrom}`);
  if (
    input.number !== undefined &&
    (typeof input.number !== 'string' || input.number.trim() === '' || input.number.length > 64)
  )
    throw invalid('number must be 1 to 64 characters when given');
  return {
    type: input.type,
    title: input.title.trim(),
    issuerCode: parseIssuerCode(input.issuerCode),
    holderType: holder.type,
    holderId: holder.id,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    ...(input.number === undefined ? {} : { number: input.number.trim() }),
    requestId: parseRequestId(input.requestId),
  };
}
