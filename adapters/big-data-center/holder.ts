import { DataLayerError } from '../kit/errors';
import { parseIdentity, parseUscc } from '../kit/identity';
import { DEPARTMENT } from './errors';
import type { HolderRef } from './model';

/**
 * Validates a holder before any request: a person's id by GB 11643 and the other
 * identity documents, a company's code by GB 32100. Returns the canonical form.
 */
export function parseHolder(holder: HolderRef): HolderRef {
  if (holder?.type === 'PERSON') return { type: 'PERSON', id: parseIdentity(holder.id).id };
  if (holder?.type === 'COMPANY') return { type: 'COMPANY', id: parseUscc(holder.id) };
  throw new DataLayerError(
    'INVALID_ARGUMENT',
    `holder type must be PERSON or COMPANY: ${String(holder?.type)}`,
    {
      department: DEPARTMENT,
    },
  );
}

export function holderKey(holder: HolderRef): string {
  return `${holder.type}:${holder.id}`;
}
