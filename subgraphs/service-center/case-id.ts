import { DataLayerError } from '../../adapters/kit/errors';

/** `C`, the submission date (YYYYMMDD) and a five-digit sequence of that day. */
const CASE_ID = /^C\d{13}$/;

/** A case id as the store keeps it, or INVALID_ARGUMENT before any SQL. */
export function caseId(raw: string): string {
  const id = raw.trim().toUpperCase();
  if (CASE_ID.test(id)) return id;
  const message = `"${raw}" is not a case id (C, the date YYYYMMDD and five digits)`;
  throw new DataLayerError('INVALID_ARGUMENT', message, { department: 'service-center' });
}
