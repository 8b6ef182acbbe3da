import { DataLayerError } from '../../adapters/kit/errors';
import { parseIdentity, parseUscc } from '../../adapters/kit/identity';
import { DateTimeScalar } from './date-time';
import type { Resolvers } from './generated/resolvers-types';
import { isCompanyRef, type CaseRecord } from './model';
import type { ServiceCenterOperations } from './operations';
import type { Store } from './store/store';

/** `C`, the submission date (YYYYMMDD) and a five-digit sequence of that day. */
const CASE_ID = /^C\d{13}$/;

function caseId(raw: string): string {
  const id = raw.trim().toUpperCase();
  if (CASE_ID.test(id)) return id;
  const message = `"${raw}" is not a case id (C, the date YYYYMMDD and five digits)`;
  throw new DataLayerError('INVALID_ARGUMENT', message, { department: 'service-center' });
}

function withOpen(cases: readonly CaseRecord[] | null, open: boolean | null | undefined): CaseRecord[] {
  if (!cases) return [];
  return open === undefined || open === null ? [...cases] : cases.filter((c) => c.open === open);
}

/**
 * The resolvers read through the batched operations; each first waits for the store to be
 * migrated, outside the operations' breaker timer (a first start may take a while).
 */
export function createServiceCenterResolvers(
  store: () => Promise<Store>,
  ops: ServiceCenterOperations,
): Resolvers {
  return {
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
}
