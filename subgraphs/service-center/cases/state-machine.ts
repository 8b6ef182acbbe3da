import { DataLayerError } from '../../../adapters/kit/errors';
import type { CaseStatusCode } from '../model';

/**
 * The one place that says how a case may move. SUBMITTED is left by the pre-check; REJECTED,
 * ISSUED and PRECHECK_FAILED (the applicant submits a new case) have no way out.
 */
export const TRANSITIONS: Readonly<Record<CaseStatusCode, readonly CaseStatusCode[]>> = {
  SUBMITTED: ['ACCEPTED', 'PRECHECK_FAILED'],
  PRECHECK_FAILED: [],
  ACCEPTED: ['IN_REVIEW'],
  IN_REVIEW: ['APPROVED', 'REJECTED'],
  APPROVED: ['ISSUED'],
  REJECTED: [],
  ISSUED: [],
};

export function canMove(from: CaseStatusCode, to: CaseStatusCode): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws ILLEGAL_TRANSITION naming both states and what the case may do instead. */
export function assertTransition(caseId: string, from: CaseStatusCode, to: CaseStatusCode): void {
  if (canMove(from, to)) return;
  const next = TRANSITIONS[from];
  const options = next.length ? `it can move to ${next.join(' or ')}` : `${from} is final`;
  throw new DataLayerError(
    'ILLEGAL_TRANSITION',
    `case ${caseId} cannot move from ${from} to ${to}: ${options}`,
    {
      department: 'service-center',
    },
  );
}
