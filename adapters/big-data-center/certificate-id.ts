import { DataLayerError, quoted } from '../kit/errors';
import { DEPARTMENT } from './errors';

/**
 * Library certificate ids: a two-letter issuer prefix, then the type and number in
 * capitals, digits and hyphens (`PS-ID-310107199003070017`, `HS-RE-2019-012345-2`,
 * `HR-SSC-P-GBR-533401827`). Anything else cannot exist in the library.
 */
export const CERTIFICATE_ID = /^[A-Z]{2}-[A-Z0-9-]{2,60}$/;

/** Returns the trimmed id, or throws INVALID_ARGUMENT (so no request is made for it). */
export function parseCertificateId(raw: string): string {
  const id = String(raw ?? '').trim();
  if (!CERTIFICATE_ID.test(id))
    throw new DataLayerError(
      'INVALID_ARGUMENT',
      `${quoted(raw)} is not a certificate id: expected two capital letters, a hyphen, then 2 to 60 capitals, digits or hyphens`,
      { department: DEPARTMENT },
    );
  return id;
}

/** Issuer codes are department folder names: lower-case words joined by hyphens. */
export function parseIssuerCode(raw: string): string {
  const code = String(raw ?? '').trim();
  if (!/^[a-z]+(?:-[a-z]+){0,4}$/.test(code))
    throw new DataLayerError(
      'INVALID_ARGUMENT',
      `${quoted(raw)} is not a department code (e.g. public-security)`,
      {
        department: DEPARTMENT,
      },
    );
  return code;
}
