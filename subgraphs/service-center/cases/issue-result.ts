import type { AdapterContext } from '../../../adapters/kit/operation';
import type { IssuedCertificateSpec } from '../catalogue/catalogue';
import { districtDay } from '../clock';
import type { ServiceCenterDeps } from '../deps';
import { validUntil, type Certificate } from '../library';
import { isCompanyRef, type CaseRecord } from '../model';

/**
 * Issues the matter's certificate to the case's applicant, signed by the deciding department.
 * The case id is the library's requestId: a retry, a second officer or a crash between issuing
 * and recording the case's ISSUED state can never issue it twice.
 */
export function issueResult(
  deps: ServiceCenterDeps,
  ctx: AdapterContext,
  c: CaseRecord,
  spec: IssuedCertificateSpec,
): Promise<Certificate> {
  const from = districtDay(deps.clock());
  return deps.library.issueCertificate(ctx, {
    type: spec.certificateType,
    title: spec.title,
    issuerCode: c.department.code,
    holderType: isCompanyRef(c.applicant) ? 'COMPANY' : 'PERSON',
    holderId: isCompanyRef(c.applicant) ? c.applicant.uscc : c.applicant.id,
    validFrom: from,
    validUntil: validUntil(from, spec.validityYears),
    requestId: c.id,
  });
}
