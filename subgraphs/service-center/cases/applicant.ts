import { DataLayerError } from '../../../adapters/kit/errors';
import { parseIdentity, parseUscc } from '../../../adapters/kit/identity';
import type { HolderRef } from '../library';

/** The applicant as the mutation input names it: exactly one of the two. */
export interface ApplicantInput {
  personId?: string | null;
  companyUscc?: string | null;
}

/** Checks the applicant before anything else happens: a wrong number is its typed error, never a lookup. */
export function parseApplicant(input: ApplicantInput): HolderRef {
  const person = input.personId ?? null;
  const company = input.companyUscc ?? null;
  if ((person === null) === (company === null))
    throw new DataLayerError(
      'INVALID_ARGUMENT',
      'applicant must name exactly one of personId and companyUscc',
      {
        department: 'service-center',
      },
    );
  return person !== null
    ? { type: 'PERSON', id: parseIdentity(person).id }
    : { type: 'COMPANY', id: parseUscc(company!) };
}
