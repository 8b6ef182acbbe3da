import { LegacyOperation } from '../../adapters/kit/operation';
import type { ApplicantType, CaseRecord, DepartmentRecord } from './model';
import { isCompanyRef } from './model';
import type { Store } from './store/store';

const DEPARTMENT = 'service-center';

/**
 * The batched reads of the store: the kit's per-request DataLoader and breaker, without a cache
 * (cases change under the service centre's own hands; a cached status would be a wrong status).
 * One SQL statement per batch, whatever the number of keys up to maxBatchSize.
 */
export function createServiceCenterOperations(store: () => Promise<Store>, maxBatchSize: number) {
  const casesOf = (type: ApplicantType) =>
    new LegacyOperation<string, CaseRecord[]>({
      department: DEPARTMENT,
      name: `cases.by${type === 'PERSON' ? 'Person' : 'Company'}`,
      maxBatchSize,
      batch: async (ids) => {
        const byApplicant = new Map<string, CaseRecord[]>(ids.map((id) => [id, []]));
        for (const c of await (await store()).casesByApplicant(type, ids)) {
          byApplicant.get(isCompanyRef(c.applicant) ? c.applicant.uscc : c.applicant.id)?.push(c);
        }
        return ids.map((id) => byApplicant.get(id)!);
      },
    });
  return {
    departmentByCode: new LegacyOperation<string, DepartmentRecord>({
      department: DEPARTMENT,
      name: 'department.byCode',
      maxBatchSize,
      batch: async (codes) => {
        const found = new Map((await (await store()).departmentsByCode(codes)).map((d) => [d.code, d]));
        return codes.map((code) => found.get(code) ?? null);
      },
    }),
    caseById: new LegacyOperation<string, CaseRecord>({
      department: DEPARTMENT,
      name: 'case.byId',
      maxBatchSize,
      batch: async (ids) => {
        const found = new Map((await (await store()).casesById(ids)).map((c) => [c.id, c]));
        return ids.map((id) => found.get(id) ?? null);
      },
    }),
    casesByPerson: casesOf('PERSON'),
    casesByCompany: casesOf('COMPANY'),
  };
}

export type ServiceCenterOperations = ReturnType<typeof createServiceCenterOperations>;
