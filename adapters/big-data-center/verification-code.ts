import { DataLayerError } from '../kit/errors';
import { DEPARTMENT } from './errors';

/**
 * A printed verification code as typed by a person: `XXXX-XXXX-XX` in Crockford base32.
 * Case, spaces and hyphens do not matter; O is read as 0 and I or L as 1, the slips people
 * make reading paper. Anything else is INVALID_ARGUMENT (no request is made for it).
 */
export function parseVerificationCode(typed: string): string {
  const raw = String(typed ?? '')
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(raw))
    throw new DataLayerError(
      'INVALID_ARGUMENT',
      `"${typed}" is not a verification code: expected 10 letters and digits like 3XHA-T4V6-G4`,
      { department: DEPARTMENT },
    );
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}
