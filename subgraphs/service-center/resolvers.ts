import { parseIdentity, parseUscc } from '../../adapters/kit/identity';
import { caseId } from './case-id';
import { DateTimeScalar } from '../kit/date-time-scalar';
import type { ServiceCenterDeps } from './deps';
import type { Resolvers } from './generated/resolvers-types';
import { isCompanyRef, type CaseRecord } from './model';
import { caseResolvers } from './resolvers/case-resolvers';
import { catalogueResolvers } from './resolvers/catalogue-resolvers';
import { industryResolvers } from './resolvers/industry-resolvers';

function withOpen(cases: readonly CaseRecord[] | null, open: boolean | null | undefined): CaseRecord[] {
  if (!cases) return [];
  return open === undefined || open === null ? [...cases] : cases.filter((c) => c.open === open);
}

/** Merges resolver maps type by type (each part adds fields to shared types such as Query). */
function merge(...parts: Resolvers[]): Resolvers {
  const out: Record<string, Record<string, unknown>> = {};
  for (const part of parts)
    for (const [type, fields] of Object.entries(part)) out[type] = { ...out[type], ...(fields as object) };
  return out as Resolvers;
}

/**
 * The resolvers read through the batched operations; each first waits for the store to be
 * migrated, outside the operations' breaker timer (a first start may take a while).
 */
export function createServiceCenterResolvers(deps: ServiceCenterDeps): Resolvers {
  const { store, ops } = deps;
  const base: Resolvers = {
    DateTime: DateTimeScalar,
    Query: {
      departments: async () => (await store()).listDepartments(),
      department: async (_parent, { code }, ctx) => {
        await store();
        return ops.departmentByCode.load(ctx.adapter, code);
      },
      case: async (_parent, { id }, ctx) => {
        const key = caseId(id);
        await store();
        return ops.caseById.load(ctx.adapter, key);
      },
    },
    Department: {
      __resolveReference: async ({ code }, ctx) => {
        await store();
        return ops.departmentByCode.load(ctx.adapter, code);
      },
    },
    Case: {
      __resolveReference: async ({ id }, ctx) => {
        const key = caseId(id);
        await store();
        return ops.caseById.load(ctx.adapter, key);
      },
    },
    CaseApplicant: {
      __resolveType: (applicant) => (isCompanyRef(applicant) ? 'Company' : 'Person'),
    },
    Person: {
      // Validated here, before any SQL: an invalid number is a typed error, never a lookup. Async so
      // the error nulls only this representation's slot of _entities, not the whole list.
      __resolveReference: async ({ id }) => ({ id: parseIdentity(id).id }),
      cases: async ({ id }, { open }, ctx) => {
        await store();
        return withOpen(await ops.casesByPerson.load(ctx.adapter, id), open);
      },
    },
    Company: {
      __resolveReference: async ({ uscc }) => ({ uscc: parseUscc(uscc) }),
      cases: async ({ uscc }, { open }, ctx) => {
        await store();
        return withOpen(await ops.casesByCompany.load(ctx.adapter, uscc), open);
      },
    },
  };
  return merge(base, catalogueResolvers(deps), caseResolvers(deps), industryResolvers(deps));
}
