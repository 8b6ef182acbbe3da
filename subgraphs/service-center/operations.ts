import { MemoryCache, type Cache } from '../../adapters/kit/cache';
import { LegacyOperation } from '../../adapters/kit/operation';
import type { AdapterContext } from '../../adapters/kit/operation';
import type { IndustryRecord, MatterRecord } from './catalogue/catalogue';
import type {
  ApplicantType,
  CaseEventRecord,
  CaseRecord,
  DepartmentRecord,
  MaterialCheckRecord,
} from './model';
import { isCompanyRef } from './model';
import type { Store } from './store/store';

const DEPARTMENT = 'service-center';

/**
 * The batched reads of the store: the kit's per-request DataLoader and breaker. Cases are not
 * cached (they change under the service centre's own hands; a cached status would be a wrong
 * status). The catalogue (departments, matters) is: it changes only with a release, which seeds
 * it at start, so each process keeps what it read in `catalogueCache` (in-process, the `reference`
 * data class's TTL) rather than asking the database on every view for an issuer's or a matter's
 * name. What a case decision is written on reads past it (`freshRead`: a matter a release just
 * withdrew must not take a case on an instance not yet replaced). One SQL statement per batch,
 * whatever the number of keys up to maxBatchSize.
 */
export function createServiceCenterOperations(
  store: () => Promise<Store>,
  maxBatchSize: number,
  catalogueCache: Cache = new MemoryCache({ maxEntries: 10_000 }),
) {
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
      cache: catalogueCache,
      dataClass: 'reference',
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
    // Three statements per batch: the matters, their channels, their materials.
    matterByCode: new LegacyOperation<string, MatterRecord>({
      department: DEPARTMENT,
      name: 'matter.byCode',
      maxBatchSize,
      cache: catalogueCache,
      dataClass: 'reference',
      batch: async (codes) => {
        const found = new Map((await (await store()).mattersByCode(codes)).map((m) => [m.code, m]));
        return codes.map((code) => found.get(code) ?? null);
      },
    }),
    caseMaterials: new LegacyOperation<string, MaterialCheckRecord[]>({
      department: DEPARTMENT,
      name: 'case.materials',
      maxBatchSize,
      batch: async (ids) => {
        const found = await (await store()).caseMaterials(ids);
        return ids.map((id) => found.get(id) ?? []);
      },
    }),
    caseEvents: new LegacyOperation<string, CaseEventRecord[]>({
      department: DEPARTMENT,
      name: 'case.events',
      maxBatchSize,
      batch: async (ids) => {
        const found = await (await store()).caseEvents(ids);
        return ids.map((id) => found.get(id) ?? []);
      },
    }),
    // The 25 industries are one small list: one key, read once per request.
    industries: new LegacyOperation<'all', IndustryRecord[]>({
      department: DEPARTMENT,
      name: 'industries',
      batch: async (keys) => {
        const all = await (await store()).listIndustries();
        return keys.map(() => all);
      },
    }),
  };
}

export type ServiceCenterOperations = ReturnType<typeof createServiceCenterOperations>;

/**
 * Forgets what was read about a case before it was written, so a mutation's answer shows the
 * case as written: this request's loaders, and the reads other requests of this process have
 * in flight (a read after the write must not join one that started before it).
 */
export function forgetCase(
  ops: ServiceCenterOperations,
  ctx: AdapterContext,
  c: { id: string; applicant: { id: string } | { uscc: string } },
): void {
  for (const op of [ops.caseById, ops.caseMaterials, ops.caseEvents]) op.forget(ctx, [c.id]);
  if (isCompanyRef(c.applicant)) ops.casesByCompany.forget(ctx, [c.applicant.uscc]);
  else ops.casesByPerson.forget(ctx, [c.applicant.id]);
}
