import { newAdapterContext } from '../../adapters/kit/operation';
import { freshRead } from './fresh-read';
import type { CaseRecord, DepartmentRecord } from './model';
import { createServiceCenterOperations } from './operations';
import type { Store } from './store/store';

const HOUSING: DepartmentRecord = {
  code: 'housing',
  name: '区住房保障和房屋管理局',
  nameEn: 'District Housing Administration',
  legacySystem: 'housing',
};
const CASE = { id: 'C2026110200001', matterCode: 'M001', status: 'SUBMITTED' } as CaseRecord;

/** A store that answers one department and one case, and counts the statements it is asked for. */
function countingStore() {
  const asked = { departmentsByCode: 0, casesById: 0 };
  const store = {
    departmentsByCode: async (codes: readonly string[]) => {
      asked.departmentsByCode++;
      return codes.includes(HOUSING.code) ? [{ ...HOUSING }] : [];
    },
    casesById: async (ids: readonly string[]) => {
      asked.casesById++;
      return ids.includes(CASE.id) ? [CASE] : [];
    },
  } as unknown as Store;
  return { asked, store: async () => store };
}

describe('service-centre reads', () => {
  it('keep the catalogue a process has read (departments), not the cases', async () => {
    const { asked, store } = countingStore();
    const ops = createServiceCenterOperations(store, 100);
    // Two requests, one after the other: the second finds the department in the process's cache.
    for (const _ of [1, 2]) {
      const ctx = newAdapterContext();
      expect(await ops.departmentByCode.load(ctx, 'housing')).toEqual(HOUSING);
      expect(await ops.caseById.load(ctx, CASE.id)).toEqual(CASE);
    }
    expect(asked).toEqual({ departmentsByCode: 1, casesById: 2 });
  });

  it('read past the cache for what a decision is written on (freshRead)', async () => {
    const { asked, store } = countingStore();
    const ops = createServiceCenterOperations(store, 100);
    await ops.departmentByCode.load(newAdapterContext(), 'housing');
    await ops.departmentByCode.load(freshRead(newAdapterContext()), 'housing');
    expect(asked.departmentsByCode).toBe(2);
  });

  it('give each request its own copy of a cached department', async () => {
    const { store } = countingStore();
    const ops = createServiceCenterOperations(store, 100);
    const first = await ops.departmentByCode.load(newAdapterContext(), 'housing');
    first!.name = 'changed by a resolver';
    expect(await ops.departmentByCode.load(newAdapterContext(), 'housing')).toEqual(HOUSING);
  });
});
