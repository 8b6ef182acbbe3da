import { DataLayerError } from '../../adapters/kit/errors';
import type { Actor, Purpose } from '../../trust/actor';
import type { AccessPolicy } from '../../trust/policy/policy';

/** The header an officer states the purpose of a request in. */
export const PURPOSE_HEADER = 'x-purpose';
const CASE = /^case:(C\d{13})$/;
const CODE = /^[A-Z][A-Z0-9-]{2,47}$/;

/**
 * The purpose a request states, checked against the registry: `case:<id>` (the case itself is
 * checked when the gateway resolves whose data it opens) or a statutory code the officer's
 * department may use. Only officers state purposes; the gateway's own codes are refused.
 */
export function parsePurpose(
  policy: AccessPolicy,
  actor: Actor,
  header: string | undefined,
): Purpose | undefined {
  if (header === undefined || header === '') return undefined;
  if (actor.role !== 'OFFICER')
    throw new DataLayerError(
      'PURPOSE_INVALID',
      `only officers state a purpose; ${actor.role} callers read by their role`,
    );
  const c = CASE.exec(header);
  if (c) return { kind: 'case', caseId: c[1]! };
  if (!CODE.test(header))
    throw new DataLayerError(
      'PURPOSE_INVALID',
      'x-purpose must be case:<case id> or a statutory purpose code',
    );
  const p = policy.purposes.get(header);
  if (!p || p.gatewayOnly)
    throw new DataLayerError('PURPOSE_INVALID', `no statutory purpose ${header} in the registry`);
  if (!p.departments.includes('*') && !p.departments.includes(actor.department ?? ''))
    throw new DataLayerError(
      'PURPOSE_INVALID',
      `purpose ${header} is not open to officers of ${actor.department}`,
    );
  return { kind: 'statutory', code: header };
}
