import type { AdapterContext } from '../../../adapters/kit/operation';
import type { IndustryComponentSpec, IndustryRecord, MaterialRequirement } from '../catalogue/catalogue';
import { refuse } from '../cases/errors';
import { districtDay } from '../clock';
import type { ServiceCenterDeps } from '../deps';
import { bestOfType, standing, type Certificate, type IsoDay } from '../library';
import type { CaseRecord } from '../model';

export type ComponentStatus = 'VALID' | 'MISSING' | 'EXPIRED' | 'REVOKED' | 'NOT_YET_VALID';

export interface IndustryComponentState {
  spec: IndustryComponentSpec;
  status: ComponentStatus;
  /** The certificate judged (valid or not); null when MISSING. */
  certificate: Certificate | null;
}

export interface IndustryLicenceState {
  industry: IndustryRecord;
  /** ISSUED: a valid comprehensive licence is held; COMPLETE: every component is valid; else INCOMPLETE. */
  status: 'COMPLETE' | 'INCOMPLETE' | 'ISSUED';
  components: IndustryComponentState[];
  licence: Certificate | null;
}

/** The industry with this code, or UNKNOWN_INDUSTRY. */
export async function findIndustry(
  deps: ServiceCenterDeps,
  ctx: AdapterContext,
  code: string,
): Promise<IndustryRecord> {
  const all = (await deps.ops.industries.load(ctx, 'all')) ?? [];
  const found = all.find((d) => d.code === code);
  if (!found)
    throw refuse(
      'UNKNOWN_INDUSTRY',
      `no pilot industry has the code ${code}: one of ${all.map((d) => d.code).join(', ')}`,
    );
  return found;
}

/** An industry's components as materials of its combined case: each a required e-certificate. */
export function componentMaterials(industry: IndustryRecord): MaterialRequirement[] {
  return industry.components.map((c) => ({
    code: c.certificateType,
    name: c.name,
    kind: 'CERTIFICATE',
    certificateType: c.certificateType,
    required: true,
  }));
}

/**
 * Where a company stands for an industry's comprehensive licence, from its certificates in the
 * library and the licence its combined cases issued (the newest issued one still valid).
 */
export function evaluateIndustryLicence(
  industry: IndustryRecord,
  certificates: readonly Certificate[],
  cases: readonly CaseRecord[],
  today: IsoDay,
): IndustryLicenceState {
  const components = industry.components.map((spec): IndustryComponentState => {
    const found = bestOfType(certificates, spec.certificateType, today);
    return found
      ? { spec, status: found.standing, certificate: found.certificate }
      : { spec, status: 'MISSING', certificate: null };
  });
  const issued = new Set(
    cases
      .filter((c) => c.matterCode === industry.matterCode && c.issuedCertificateId)
      .map((c) => c.issuedCertificateId),
  );
  const licence =
    certificates
      .filter((c) => issued.has(c.id) && standing(c, today) === 'VALID')
      .sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0] ?? null;
  const complete = components.every((c) => c.status === 'VALID');
  return { industry, status: licence ? 'ISSUED' : complete ? 'COMPLETE' : 'INCOMPLETE', components, licence };
}

/** A company's licence state for an industry: its certificates (one batched library call) and its cases. */
export async function industryLicence(
  deps: ServiceCenterDeps,
  ctx: AdapterContext,
  uscc: string,
  industryCode: string,
): Promise<IndustryLicenceState> {
  const industry = await findIndustry(deps, ctx, industryCode);
  const [certificates, cases] = await Promise.all([
    deps.library.certificatesByHolder(ctx, { type: 'COMPANY', id: uscc }),
    deps.ops.casesByCompany.load(ctx, uscc),
  ]);
  return evaluateIndustryLicence(industry, certificates, cases ?? [], districtDay(deps.clock()));
}
