import type { MaterialRequirement } from '../catalogue/catalogue';
import { districtDay } from '../clock';
import { bestOfType, type Certificate, type IsoDay } from '../library';
import type { MaterialCheckRecord } from '../model';

/**
 * The pre-check of "apply once, no paper", material by material:
 * - a CERTIFICATE material the applicant holds as a valid e-certificate: NO_SUBMISSION_NEEDED, with it;
 * - held, but expired, revoked or not yet valid: INVALID, the reason naming the date or state
 *   (a paper copy of a certificate the library says is not in force cannot stand in for it);
 * - otherwise handed in (a reference): SUPPLIED; else MISSING.
 */
export function precheck(
  materials: readonly MaterialRequirement[],
  supplied: ReadonlyMap<string, string>,
  certificates: readonly Certificate[],
  today: IsoDay,
): MaterialCheckRecord[] {
  return materials.map((material) => {
    const reference = supplied.get(material.code) ?? null;
    const found = material.certificateType ? bestOfType(certificates, material.certificateType, today) : null;
    if (found) {
      const c = found.certificate;
      const base = { material, certificateId: c.id, reference };
      switch (found.standing) {
        case 'VALID':
          return { ...base, status: 'NO_SUBMISSION_NEEDED', reason: null };
        case 'EXPIRED':
          return {
            ...base,
            status: 'INVALID',
            reason: c.validUntil
              ? `${c.title} ${c.id} expired on ${c.validUntil}`
              : `${c.title} ${c.id} has expired`,
          };
        case 'REVOKED':
          return {
            ...base,
            status: 'INVALID',
            reason: c.revokedAt
              ? `${c.title} ${c.id} was revoked on ${districtDay(new Date(c.revokedAt))}`
              : `${c.title} ${c.id} was revoked`,
          };
        case 'NOT_YET_VALID':
          return {
            ...base,
            status: 'INVALID',
            reason: `${c.title} ${c.id} is valid only from ${c.validFrom}`,
          };
      }
    }
    if (reference) return { material, status: 'SUPPLIED', reason: null, certificateId: null, reference };
    return {
      material,
      status: 'MISSING',
      reason: missingReason(material),
      certificateId: null,
      reference: null,
    };
  });
}

/** Why a material has to be handed in, in words the applicant can act on. */
function missingReason(material: MaterialRequirement): string {
  return material.certificateType
    ? `${material.name}: the applicant holds no ${material.certificateType} e-certificate in the library; hand in the paper original`
    : `${material.name} is not held in the certificate library and must be handed in`;
}

/** The checks that stop a case: required materials MISSING or INVALID. */
export function outstanding(checks: readonly MaterialCheckRecord[]): MaterialCheckRecord[] {
  return checks.filter((c) => c.material.required && (c.status === 'MISSING' || c.status === 'INVALID'));
}

/** One line for the case history: what stopped the pre-check. */
export function precheckNote(checks: readonly MaterialCheckRecord[]): string {
  const stop = outstanding(checks);
  if (stop.length === 0) return 'pre-check passed';
  return `pre-check failed: ${stop
    .map((c) => `${c.material.name} ${c.status === 'MISSING' ? 'missing' : `invalid (${c.reason})`}`)
    .join('; ')}`;
}
