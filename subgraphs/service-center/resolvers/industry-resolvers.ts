import { applyIndustryLicence } from '../industry/apply-industry-licence';
import { industryLicence } from '../industry/industry-licence';
import type { ServiceCenterDeps } from '../deps';
import type { Resolvers } from '../generated/resolvers-types';

/** One licence for one industry: where a company stands, and applying. */
export function industryResolvers(deps: ServiceCenterDeps): Resolvers {
  const { ops } = deps;
  return {
    Mutation: {
      applyIndustryLicence: (_parent, { input }, ctx) =>
        applyIndustryLicence(deps, ctx.adapter, ctx.channel, input),
    },
    IndustryLicenceComponent: {
      certificateType: (c) => c.spec.certificateType,
      name: (c) => c.spec.name,
      department: async (c, _args, ctx) =>
        (await ops.departmentByCode.load(ctx.adapter, c.spec.departmentCode))!,
      certificate: (c) => (c.certificate ? { id: c.certificate.id } : null),
    },
    IndustryLicence: {
      licence: (l) => (l.licence ? { id: l.licence.id } : null),
    },
    Company: {
      industryLicence: ({ uscc }, { industry }, ctx) => industryLicence(deps, ctx.adapter, uscc, industry),
    },
  };
}
