import { outstanding } from '../cases/precheck';
import { submitCase } from '../cases/submit-case';
import { transitionCase } from '../cases/transition-case';
import { caseId } from '../case-id';
import type { ServiceCenterDeps } from '../deps';
import type { Resolvers } from '../generated/resolvers-types';

/** Submitting and moving cases, and the fields that show a case's materials, history and result. */
export function caseResolvers(deps: ServiceCenterDeps): Resolvers {
  const { ops } = deps;
  return {
    Mutation: {
      submitCase: (_parent, { input }, ctx) => submitCase(deps, ctx.adapter, ctx.channel, input),
      transitionCase: (_parent, { id, to, note }, ctx) =>
        transitionCase(deps, ctx.adapter, ctx.channel, { id: caseId(id), to, note }),
    },
    Case: {
      matter: (c, _args, ctx) => ops.matterByCode.load(ctx.adapter, c.matterCode),
      materials: async (c, _args, ctx) => (await ops.caseMaterials.load(ctx.adapter, c.id)) ?? [],
      history: async (c, _args, ctx) => (await ops.caseEvents.load(ctx.adapter, c.id)) ?? [],
      issuedCertificate: (c) => (c.issuedCertificateId ? { id: c.issuedCertificateId } : null),
    },
    MaterialCheck: {
      certificate: (m) => (m.certificateId ? { id: m.certificateId } : null),
    },
    SubmitCaseResult: {
      outstanding: async (r, _args, ctx) =>
        outstanding((await ops.caseMaterials.load(ctx.adapter, r.case.id)) ?? []),
    },
  };
}
