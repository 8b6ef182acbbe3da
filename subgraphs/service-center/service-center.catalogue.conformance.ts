/// <reference types="jest" />
import path from 'node:path';
import type { Catalogue, MatterRecord } from './catalogue/catalogue';
import { loadCatalogue } from './catalogue/catalogue-file';
import { useHarness } from './conformance-harness';
import type { ConformanceTarget } from './service-center.conformance';

/** A small catalogue of the same format as data/ (fixtures/catalogue/), so exact figures stay put. */
export const FIXTURE_CATALOGUE = loadCatalogue(path.join(__dirname, 'fixtures', 'catalogue'));

const HL_002 = {
  code: 'HL-002',
  name: '公共场所卫生许可证延续',
  nameEn: 'Renewal of the public place health permit',
  category: '卫生许可',
  department: { code: 'health', name: '卫生健康委员会' },
  audience: 'COMPANY',
  channels: ['COUNTER', 'PORTAL'],
  legalTimeLimitDays: 20,
  promisedTimeLimitDays: 5,
  materials: [
    {
      code: 'BUSINESS_LICENCE',
      name: '营业执照',
      kind: 'CERTIFICATE',
      certificateType: 'BUSINESS_LICENCE',
      required: true,
    },
    {
      code: 'PPH_RENEWAL_FORM',
      name: '公共场所卫生许可证延续申请表',
      kind: 'FORM',
      certificateType: null,
      required: true,
    },
  ],
  issues: { certificateType: 'PUBLIC_PLACE_HEALTH_PERMIT', title: '公共场所卫生许可证', validityYears: 4 },
};

const MATTER_FIELDS = /* GraphQL */ `
  code name nameEn category department { code name } audience channels legalTimeLimitDays promisedTimeLimitDays
  materials { code name kind certificateType required }
  issues { certificateType title validityYears }
`;

const FIXTURE_ORDER = FIXTURE_CATALOGUE.matters.map((m) => m.code);

/** The fixture with one matter renamed, one re-channelled and the last one dropped. */
function editedCatalogue(): Catalogue {
  const matters = FIXTURE_CATALOGUE.matters
    .filter((m) => m.code !== 'SP-001')
    .map((m) =>
      m.code === 'HL-002'
        ? { ...m, name: '公共场所卫生许可证延续（告知承诺）' }
        : m.code === 'ED-001'
          ? { ...m, channels: ['PORTAL' as const] }
          : m,
    );
  return { ...FIXTURE_CATALOGUE, matters, checksum: 'edited' };
}

export function describeCatalogueConformance(target: ConformanceTarget): void {
  describe(`service-center catalogue seed on ${target.engine}`, () => {
    it('loads the catalogue files once: a second start with unchanged files writes nothing', async () => {
      const database = await target.newDatabase();
      const first = target.storeFor(database, undefined, FIXTURE_CATALOGUE);
      expect((await first.migrate()).catalogue).toBe('loaded');
      await first.close();
      const again = target.storeFor(database, undefined, FIXTURE_CATALOGUE);
      try {
        const before = again.stats.statements;
        expect(await again.migrate()).toEqual({ applied: [], version: 9, catalogue: 'unchanged' });
        // schema_migrations created-if-missing and read, the seed checksum read: nothing written
        // (PostgreSQL adds BEGIN, its advisory lock, CREATE SCHEMA IF NOT EXISTS and COMMIT).
        expect(again.stats.statements - before).toBe(target.engine === 'PostgreSQL' ? 7 : 3);
        expect((await again.matterPage({}, 0, 100)).matters.map((m) => m.code)).toEqual(FIXTURE_ORDER);
      } finally {
        await again.close();
      }
    });

    it('updates matters in place when the files change, and withdraws those no longer listed', async () => {
      const database = await target.newDatabase();
      const first = target.storeFor(database, undefined, FIXTURE_CATALOGUE);
      await first.migrate();
      await first.close();
      const edited = target.storeFor(database, undefined, editedCatalogue());
      try {
        expect(await edited.migrate()).toEqual({ applied: [], version: 9, catalogue: 'loaded' });
        const found = await edited.mattersByCode(['ED-001', 'HL-002', 'SP-001']);
        const [ed, hl, sp] = ['ED-001', 'HL-002', 'SP-001'].map((c) => found.find((m) => m.code === c)!) as [
          MatterRecord,
          MatterRecord,
          MatterRecord,
        ];
        expect([ed.channels, hl.name, hl.inCatalogue, sp.inCatalogue]).toEqual([
          ['PORTAL'],
          '公共场所卫生许可证延续（告知承诺）',
          true,
          false,
        ]);
        const page = await edited.matterPage({}, 0, 100);
        expect([page.totalCount, page.matters.map((m) => m.code)]).toEqual([13, FIXTURE_ORDER.slice(0, 13)]);
        // The golden case keeps its matter, under the new name.
        expect((await edited.casesById(['C2026112000001']))[0]!.matterName).toBe(
          '公共场所卫生许可证延续（告知承诺）',
        );
      } finally {
        await edited.close();
      }
    });
  });

  describe(`service-center catalogue on ${target.engine}`, () => {
    const h = useHarness(target, { catalogue: FIXTURE_CATALOGUE });

    it('serves a matter with its department, channels, materials and the certificate it issues', async () => {
      expect(
        await h().run(
          `{ matter(code: "HL-002") { ${MATTER_FIELDS} } none: matter(code: "XX-999") { code } }`,
        ),
      ).toEqual({ data: { matter: HL_002, none: null } });
    });

    it('pages through the whole catalogue in catalogue order with opaque cursors', async () => {
      const query = `query($after: String) { matters(first: 5, after: $after) {
        totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }`;
      const seen: string[] = [];
      const pages: boolean[] = [];
      let after: string | null = null;
      for (;;) {
        const { data } = (await h().run(query, { after })) as {
          data: {
            matters: {
              totalCount: number;
              edges: { cursor: string; node: { code: string } }[];
              pageInfo: { hasNextPage: boolean; endCursor: string };
            };
          };
        };
        expect(data.matters.totalCount).toBe(14);
        expect(data.matters.pageInfo.endCursor).toBe(data.matters.edges.at(-1)!.cursor);
        seen.push(...data.matters.edges.map((e) => e.node.code));
        pages.push(data.matters.pageInfo.hasNextPage);
        if (!data.matters.pageInfo.hasNextPage) break;
        after = data.matters.pageInfo.endCursor;
      }
      expect(seen).toEqual(FIXTURE_ORDER);
      expect(pages).toEqual([true, true, false]);
    });

    it('filters by department, channel, audience and a search in code or either name, any case', async () => {
      const codes = async (args: string) => {
        const r = (await h().run(
          `{ matters(${args}, first: 100) { totalCount edges { node { code } } } }`,
        )) as {
          data: { matters: { totalCount: number; edges: { node: { code: string } }[] } };
        };
        return [r.data.matters.totalCount, ...r.data.matters.edges.map((e) => e.node.code)];
      };
      expect(await codes('department: "health"')).toEqual([2, 'HL-001', 'HL-002']);
      expect(await codes('channel: TERMINAL')).toEqual([2, 'PS-002', 'TX-001']);
      expect(await codes('audience: PERSON')).toEqual([
        6,
        'PS-001',
        'PS-002',
        'HS-001',
        'TX-001',
        'HR-001',
        'ED-001',
      ]);
      expect(await codes('audience: BOTH')).toEqual([2, 'HS-001', 'TX-001']);
      expect(await codes('search: "PERMIT"')).toEqual([4, 'MS-001', 'HL-001', 'HL-002', 'SP-001']);
      expect(await codes('search: "卫生许可"')).toEqual([2, 'HL-001', 'HL-002']);
      expect(await codes('search: "hl-00"')).toEqual([2, 'HL-001', 'HL-002']);
      // % and _ are letters, not wildcards.
      expect(await codes('search: "%"')).toEqual([0]);
      expect(await codes('search: "permit", department: "health", channel: PORTAL')).toEqual([
        2,
        'HL-001',
        'HL-002',
      ]);
    });

    it('refuses more than 100 a page and a cursor it did not make, before any SQL', async () => {
      const before = h().store.stats.statements;
      const refusal = (message: string, path: string) => ({
        data: null,
        errors: [
          expect.objectContaining({
            message,
            path: [path],
            extensions: { code: 'INVALID_ARGUMENT', department: 'service-center' },
          }),
        ],
      });
      expect(await h().run('{ big: matters(first: 101) { totalCount } }')).toEqual(
        refusal('first must be from 0 to 100: 101', 'big'),
      );
      expect(await h().run('{ bad: matters(after: "bm90LWEtY3Vyc29y") { totalCount } }')).toEqual(
        refusal('after is not a cursor of the matter list: "bm90LWEtY3Vyc29y"', 'bad'),
      );
      expect(h().store.stats.statements - before).toBe(0);
    });

    it("lists a department's matters, also for a department reference from another subgraph", async () => {
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Department { code matters(first: 1) { totalCount edges { node { code } } pageInfo { hasNextPage } } } } }`;
      expect(await h().run(query, { reps: [{ __typename: 'Department', code: 'public-security' }] })).toEqual(
        {
          data: {
            _entities: [
              {
                code: 'public-security',
                matters: {
                  totalCount: 2,
                  edges: [{ node: { code: 'PS-001' } }],
                  pageInfo: { hasNextPage: true },
                },
              },
            ],
          },
        },
      );
    });

    it('resolves three matter references with three SQL statements: matters, channels, materials', async () => {
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Matter { code channels } } }`;
      const reps = ['TX-001', 'ED-001', 'NO-000'].map((code) => ({ __typename: 'Matter', code }));
      const before = h().store.stats.statements;
      expect(await h().run(query, { reps })).toEqual({
        data: {
          _entities: [
            { code: 'TX-001', channels: ['COUNTER', 'PORTAL', 'TERMINAL', 'APP'] },
            { code: 'ED-001', channels: ['COUNTER', 'PORTAL', 'APP'] },
            null,
          ],
        },
      });
      expect(h().store.stats.statements - before).toBe(3);
    });

    it('lists the pilot industries with their components and the departments issuing them', async () => {
      expect(
        await h().run(
          '{ industries { code name nameEn matter { code } components { certificateType department { code } } } }',
        ),
      ).toEqual({
        data: {
          industries: [
            {
              code: 'restaurant',
              name: '餐饮店',
              nameEn: 'Restaurant',
              matter: { code: 'IND-RESTAURANT' },
              components: [
                { certificateType: 'BUSINESS_LICENCE', department: { code: 'market-supervision' } },
                { certificateType: 'FOOD_BUSINESS_PERMIT', department: { code: 'market-supervision' } },
                { certificateType: 'PUBLIC_PLACE_HEALTH_PERMIT', department: { code: 'health' } },
                { certificateType: 'TAX_REGISTRATION', department: { code: 'tax' } },
              ],
            },
            {
              code: 'pharmacy',
              name: '药店',
              nameEn: 'Pharmacy',
              matter: { code: 'IND-PHARMACY' },
              components: [
                { certificateType: 'BUSINESS_LICENCE', department: { code: 'market-supervision' } },
                { certificateType: 'DRUG_RETAIL_PERMIT', department: { code: 'market-supervision' } },
                { certificateType: 'TAX_REGISTRATION', department: { code: 'tax' } },
              ],
            },
            {
              code: 'supermarket',
              name: '超市/便利店',
              nameEn: 'Supermarket',
              matter: { code: 'IND-SUPERMARKET' },
              components: [
                { certificateType: 'BUSINESS_LICENCE', department: { code: 'market-supervision' } },
                { certificateType: 'FOOD_BUSINESS_PERMIT', department: { code: 'market-supervision' } },
                { certificateType: 'TAX_REGISTRATION', department: { code: 'tax' } },
              ],
            },
          ],
        },
      });
    });
  });
}
