import { unitContext, unitTrust } from '../kit/test-support';
/// <reference types="jest" />
import { buildApollo } from '../kit/subgraph';
import { buildServiceCenterSubgraph } from './server';
import { MigrationError } from './store/migrator';
import { loadMigrations, type Migration } from './store/migrations';
import type { Store } from './store/store';
import type { Catalogue } from './catalogue/catalogue';
import type { LibraryMock } from './conformance-harness';

/**
 * The behaviour every store engine must show, run by service-center.test.ts on SQLite and by
 * service-center.integration.test.ts on PostgreSQL: the same assertions, so the engines cannot drift.
 */
export interface ConformanceTarget {
  /** Names the engine in the test titles. */
  engine: string;
  /** Makes a new, empty database (a file, a schema) and returns its handle. */
  newDatabase(): Promise<string>;
  /** An unmigrated store on that database; a second store on one database is a second process. */
  storeFor(database: string, migrations?: readonly Migration[], catalogue?: Catalogue): Store;
  /** Removes every database newDatabase made. */
  dropAll(): Promise<void>;
  /** Starts the real certificate library mock in process (port 0, no latency), holding the mock world. */
  startLibrary(): Promise<LibraryMock>;
  /** Rows in each table of a database, read outside the store (tests prove nothing half-written stays). */
  rowCounts(database: string, tables: readonly string[]): Promise<Record<string, number>>;
}

const ZHANG_WEI = '310107199003070017';
const LI_NA = '310107198511220021';
const WANG_QIANG = '310107197802030012';
const RESTAURANT = '91310107MA1FL3K2XE';
const PHARMACY = '91310107MA1G5X7P50';

const MIGRATION_NAMES = [
  '001_create_departments.sql',
  '002_create_matters.sql',
  '003_create_cases.sql',
  '004_seed_departments.sql',
  '005_seed_matters.sql',
  '006_seed_golden_cases.sql',
  '007_extend_matter_catalogue.sql',
  '008_extend_cases.sql',
  '009_seed_golden_case_history.sql',
];

const HEALTH = {
  code: 'health',
  name: '卫生健康委员会',
  nameEn: 'Health Commission',
  legacySystem: 'Health information platform (FHIR R4 style JSON)',
};

const DEPARTMENTS = [
  ['service-center', '行政服务中心', 'Administrative Service Center', null],
  [
    'public-security',
    '公安分局',
    'Public Security Sub-bureau',
    'Population and household registration system (SOAP 1.1 over HTTP, GB18030)',
  ],
  [
    'market-supervision',
    '市场监督管理局',
    'Administration for Market Regulation',
    'Market entity registration system (REST/JSON)',
  ],
  ['health', '卫生健康委员会', 'Health Commission', 'Health information platform (FHIR R4 style JSON)'],
  [
    'housing',
    '不动产登记中心',
    'Real Estate Registration Center',
    'Real estate registration mainframe (fixed-width GB18030 records over TCP)',
  ],
  ['tax', '税务局', 'Taxation Bureau', 'Tax administration database (SQL views)'],
  [
    'human-resources',
    '人力资源和社会保障局',
    'Human Resources and Social Security Bureau',
    'Social security system (bulk CSV over HTTP)',
  ],
  ['big-data-center', '大数据中心', 'Big Data Center', 'Electronic certificate library (signed REST/JSON)'],
  ['civil-affairs', '民政局', 'Civil Affairs Bureau', null],
  ['education', '教育局', 'Education Bureau', null],
  ['culture-tourism', '文化和旅游局', 'Culture and Tourism Bureau', null],
  ['sports', '体育局', 'Sports Bureau', null],
  ['ecology-environment', '生态环境局', 'Ecology and Environment Bureau', null],
  ['emergency-management', '应急管理局', 'Emergency Management Bureau', null],
  ['transport', '交通委员会', 'Transport Commission', null],
  ['planning-resources', '规划和自然资源局', 'Planning and Natural Resources Bureau', null],
  ['commerce', '商务委员会', 'Commerce Commission', null],
  ['science-technology', '科学技术委员会', 'Science and Technology Commission', null],
  ['medical-security', '医疗保障局', 'Healthcare Security Bureau', null],
  ['fire-rescue', '消防救援支队', 'Fire and Rescue Detachment', null],
].map(([code, name, nameEn, legacySystem]) => ({ code, name, nameEn, legacySystem }));

const CASE_FIELDS = /* GraphQL */ `
  id matterCode matterName channel status open submittedAt updatedAt
  department { code name }
  applicant { __typename ... on Person { id } ... on Company { uscc } }
`;

const RESTAURANT_CASE = {
  id: 'C2026112000001',
  matterCode: 'HL-002',
  matterName: '公共场所卫生许可证延续',
  channel: 'COUNTER',
  status: 'IN_REVIEW',
  open: true,
  submittedAt: '2026-11-20T09:32:00+08:00',
  updatedAt: '2026-11-21T14:05:00+08:00',
  department: { code: 'health', name: '卫生健康委员会' },
  applicant: { __typename: 'Company', uscc: RESTAURANT },
};
const ZHANG_WEI_CASE = {
  id: 'C2026110200001',
  matterCode: 'PS-002',
  matterName: '户籍证明开具',
  channel: 'PORTAL',
  status: 'ISSUED',
  open: false,
  submittedAt: '2026-11-02T20:15:00+08:00',
  updatedAt: '2026-11-04T10:20:00+08:00',
  department: { code: 'public-security', name: '公安分局' },
  applicant: { __typename: 'Person', id: ZHANG_WEI },
};
const LI_NA_CASE = {
  id: 'C2026112400001',
  matterCode: 'HR-001',
  matterName: '社会保障卡补换',
  channel: 'APP',
  status: 'ACCEPTED',
  open: true,
  submittedAt: '2026-11-24T12:08:00+08:00',
  updatedAt: '2026-11-24T15:40:00+08:00',
  department: { code: 'human-resources', name: '人力资源和社会保障局' },
  applicant: { __typename: 'Person', id: LI_NA },
};

export function describeServiceCenterConformance(target: ConformanceTarget): void {
  const migrations = loadMigrations();

  afterAll(() => target.dropAll());

  describe(`service-center migrations on ${target.engine}`, () => {
    it('applies every migration once on an empty database and records each version', async () => {
      const store = target.storeFor(await target.newDatabase());
      try {
        expect(await store.migrate()).toEqual({ applied: MIGRATION_NAMES, version: 9, catalogue: 'loaded' });
        expect(await store.appliedMigrations()).toEqual(
          MIGRATION_NAMES.map((name, i) => ({ version: i + 1, name })),
        );
      } finally {
        await store.close();
      }
    });

    it('applies nothing and seeds nothing twice when started again on a migrated database', async () => {
      const database = await target.newDatabase();
      const first = target.storeFor(database);
      await first.migrate();
      await first.close();
      const again = target.storeFor(database);
      try {
        expect(await again.migrate()).toEqual({ applied: [], version: 9, catalogue: 'unchanged' });
        expect(await again.migrate()).toEqual({ applied: [], version: 9, catalogue: 'unchanged' });
        expect((await again.listDepartments()).length).toBe(20);
        expect((await again.casesByApplicant('PERSON', [ZHANG_WEI, LI_NA])).map((c) => c.id)).toEqual([
          'C2026112400001',
          'C2026110200001',
        ]);
      } finally {
        await again.close();
      }
    });

    it('refuses a database holding a migration version the code does not know', async () => {
      const database = await target.newDatabase();
      const newer = target.storeFor(database);
      await newer.migrate();
      await newer.close();
      const older = target.storeFor(database, migrations.slice(0, 8));
      try {
        const refusal = older.migrate();
        await expect(refusal).rejects.toBeInstanceOf(MigrationError);
        await expect(refusal).rejects.toThrow(
          'the service-center database has migration 9 (009_seed_golden_case_history.sql) that this code does not know (it knows up to 8)',
        );
      } finally {
        await older.close();
      }
    });

    it('refuses a migration file edited after it was applied', async () => {
      const database = await target.newDatabase();
      const first = target.storeFor(database);
      await first.migrate();
      await first.close();
      const edited = migrations.map((m) => (m.version === 4 ? { ...m, checksum: 'edited' } : m));
      const second = target.storeFor(database, edited);
      try {
        await expect(second.migrate()).rejects.toThrow(
          'migration 004_seed_departments.sql was changed after it was applied to this database',
        );
      } finally {
        await second.close();
      }
    });

    it('rolls a failing run back entirely, so the next start applies everything', async () => {
      const database = await target.newDatabase();
      const broken: Migration = {
        version: 10,
        name: '010_broken.sql',
        sql: 'INSERT INTO no_such_table VALUES (1);',
        checksum: 'x',
      };
      const failing = target.storeFor(database, [...migrations, broken]);
      const refusal = failing.migrate();
      await expect(refusal).rejects.toBeInstanceOf(MigrationError);
      await expect(refusal).rejects.toThrow(
        /^migration 010_broken\.sql failed, so none of this run was applied: .*no_such_table/,
      );
      await failing.close();
      const store = target.storeFor(database);
      try {
        expect(await store.migrate()).toEqual({ applied: MIGRATION_NAMES, version: 9, catalogue: 'loaded' });
      } finally {
        await store.close();
      }
    });
  });

  describe(`service-center subgraph on ${target.engine}`, () => {
    let store: Store;
    let def: ReturnType<typeof buildServiceCenterSubgraph>;
    let apollo: ReturnType<typeof buildApollo>;

    beforeAll(async () => {
      store = target.storeFor(await target.newDatabase());
      def = buildServiceCenterSubgraph({ store });
      apollo = buildApollo(def, unitTrust());
      await def.store();
    });
    afterAll(async () => {
      await def.close?.();
      await store.close();
    });

    async function run(query: string, variables?: Record<string, unknown>) {
      const response = await apollo.executeOperation(
        { query, variables },
        { contextValue: unitContext('counter') },
      );
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      const { data, errors } = response.body.singleResult;
      return errors ? { data, errors } : { data };
    }

    /** Runs a query and returns its result with the number of SQL statements it took. */
    async function counted(query: string, variables?: Record<string, unknown>) {
      const before = store.stats.statements;
      const result = await run(query, variables);
      return { result, statements: store.stats.statements - before };
    }

    it('lists the 20 departments of the district in display order', async () => {
      expect(await run('{ departments { code name nameEn legacySystem } }')).toEqual({
        data: { departments: DEPARTMENTS },
      });
    });

    it('finds one department by code and answers null for an unknown code', async () => {
      expect(
        await run(
          '{ health: department(code: "health") { code name nameEn legacySystem } none: department(code: "mint") { code } }',
        ),
      ).toEqual({ data: { health: HEALTH, none: null } });
    });

    it('serves a golden case with its matter, department and applicant', async () => {
      expect(await run(`{ case(id: "C2026112000001") { ${CASE_FIELDS} } }`)).toEqual({
        data: { case: RESTAURANT_CASE },
      });
    });

    it('answers null for a case id that does not exist', async () => {
      expect(await run('{ case(id: "C2099010100001") { id } }')).toEqual({ data: { case: null } });
    });

    it('refuses a malformed case id with INVALID_ARGUMENT and no SQL', async () => {
      const { result, statements } = await counted('{ case(id: "2026-1") { id } }');
      expect(result).toEqual({
        data: { case: null },
        errors: [
          expect.objectContaining({
            message: '"2026-1" is not a case id (C, the date YYYYMMDD and five digits)',
            path: ['case'],
            extensions: { code: 'INVALID_ARGUMENT', department: 'service-center' },
          }),
        ],
      });
      expect(statements).toBe(0);
    });

    it("gives Zhang Wei's closed cases as exactly the issued household registration certificate", async () => {
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Person { id closed: cases(open: false) { ${CASE_FIELDS} } open: cases(open: true) { id } } } }`;
      expect(await run(query, { reps: [{ __typename: 'Person', id: ZHANG_WEI }] })).toEqual({
        data: { _entities: [{ id: ZHANG_WEI, closed: [ZHANG_WEI_CASE], open: [] }] },
      });
    });

    it("gives the restaurant's one open case: the health permit renewal in review", async () => {
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Company { uscc cases(open: true) { ${CASE_FIELDS} } } } }`;
      expect(
        await run(query, {
          reps: [
            { __typename: 'Company', uscc: RESTAURANT },
            { __typename: 'Company', uscc: PHARMACY },
          ],
        }),
      ).toEqual({
        data: {
          _entities: [
            { uscc: RESTAURANT, cases: [RESTAURANT_CASE] },
            { uscc: PHARMACY, cases: [] },
          ],
        },
      });
    });

    it('reads the cases of three people in one SQL statement', async () => {
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Person { id cases { ${CASE_FIELDS} } } } }`;
      const reps = [ZHANG_WEI, LI_NA, WANG_QIANG].map((id) => ({ __typename: 'Person', id }));
      expect(await counted(query, { reps })).toEqual({
        result: {
          data: {
            _entities: [
              { id: ZHANG_WEI, cases: [ZHANG_WEI_CASE] },
              { id: LI_NA, cases: [LI_NA_CASE] },
              { id: WANG_QIANG, cases: [] },
            ],
          },
        },
        statements: 1,
      });
    });

    it('resolves three department references in one SQL statement', async () => {
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Department { code name } } }`;
      const reps = ['health', 'tax', 'no-such-department'].map((code) => ({
        __typename: 'Department',
        code,
      }));
      expect(await counted(query, { reps })).toEqual({
        result: {
          data: {
            _entities: [{ code: 'health', name: '卫生健康委员会' }, { code: 'tax', name: '税务局' }, null],
          },
        },
        statements: 1,
      });
    });

    it('resolves case references in one SQL statement', async () => {
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Case { id status open } } }`;
      const reps = ['C2026112400001', 'C2026112000001'].map((id) => ({ __typename: 'Case', id }));
      expect(await counted(query, { reps })).toEqual({
        result: {
          data: {
            _entities: [
              { id: 'C2026112400001', status: 'ACCEPTED', open: true },
              { id: 'C2026112000001', status: 'IN_REVIEW', open: true },
            ],
          },
        },
        statements: 1,
      });
    });

    it('refuses an invalid identity number and credit code with typed errors and no SQL', async () => {
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Person { id cases { id } } ... on Company { uscc cases { id } } } }`;
      const reps = [
        { __typename: 'Person', id: '310107199003070018' },
        { __typename: 'Company', uscc: '91310107MA1FL3K2XA' },
      ];
      const { result, statements } = await counted(query, { reps });
      expect(result).toEqual({
        data: { _entities: [null, null] },
        errors: [
          expect.objectContaining({
            message: '"310107199003070018" is not a valid identity number: check digit is 8, expected 7',
            path: ['_entities', 0],
            extensions: { code: 'INVALID_IDENTITY_NUMBER', department: 'service-center' },
          }),
          expect.objectContaining({
            message:
              '"91310107MA1FL3K2XA" is not a valid unified social credit code: check character is A, expected E',
            path: ['_entities', 1],
            extensions: { code: 'INVALID_CREDIT_CODE', department: 'service-center' },
          }),
        ],
      });
      expect(statements).toBe(0);
    });

    it('reports the store ready once it answers', async () => {
      expect(await def.ready?.()).toBe(true);
    });
  });
}
