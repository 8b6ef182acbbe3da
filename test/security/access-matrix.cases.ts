import type { Stack } from '../helpers/stack';
import {
  CALLERS,
  GOLDEN_COMPANIES,
  GOLDEN_PERSONS,
  LI_NA_CASE,
  RESTAURANT_CASE,
  ZHANG_WEI_CASE,
  type MatrixCaller,
} from './access-callers';

const ZHANG_WEI = GOLDEN_PERSONS[0];
import {
  COMPANY_BASELINE,
  COMPANY_QUERY,
  expectedCompany,
  expectedPerson,
  HEALTH_CERTIFICATE_TYPES,
  PERSON_BASELINE,
  PERSON_QUERY,
  type CompanyBaseline,
  type ExpectedReply,
  type PersonBaseline,
} from './expected-read';
import { expectedRoots, rootsQuery, rootTargetsOf, type RootTargets } from './expected-roots';
import { knownValuesOf, type KnownValues, type Leak } from './leak-detector';
import { channelOf, e2eData, leaksOf, seen } from './access-support';
import { describeMutations } from './access-mutations.cases';
import { describePurposes } from './access-purposes.cases';
import { describeMasking } from './access-masking.cases';
import { describeRefusedTokens } from './refused-tokens.cases';
import { describeDirectSubgraphCalls } from './direct-subgraph-calls.cases';

/**
 * The security suite's role × data matrix: every role, with and without purpose, against every
 * golden person's and company's data, asserting the exact answer (data, masking, error codes
 * and paths) and zero leaks; then masking, purposes, mutations, tokens and direct subgraph calls.
 * Runs on embedded defaults (access-matrix.test.ts) and on PostgreSQL (access-matrix.integration.test.ts).
 */
export function describeAccessMatrix(title: string, stack: () => Stack): void {
  describe(title, () => {
    describeRoleDataMatrix(stack);
    describeMasking(stack);
    describePurposes(stack);
    describeMutations(stack);
    describeRefusedTokens(stack);
    describeDirectSubgraphCalls(stack);
  });
}

/** The golden records as the test-only officer reads them: the baseline of every expectation. */
export interface Baseline {
  persons: Record<string, PersonBaseline>;
  companies: Record<string, CompanyBaseline>;
  roots: RootTargets;
  rootIds: Parameters<typeof rootsQuery>[0];
  /** Every subject's identifying values, for the leak detector. */
  known: KnownValues;
}

/** Reads the baseline: every golden person and company, and the records the root-field checks ask for. */
export async function readBaseline(stack: Stack): Promise<Baseline> {
  const persons: Record<string, PersonBaseline> = {};
  const companies: Record<string, CompanyBaseline> = {};
  const reads: Record<string, unknown> = {};
  for (const id of GOLDEN_PERSONS) {
    const p = (await e2eData(stack, PERSON_BASELINE, { id })).person as PersonBaseline;
    persons[id] = p;
    // A person's companies are the companies' data, counted under them.
    reads[`Person:${id}`] = { ...p, companies: undefined };
  }
  for (const uscc of GOLDEN_COMPANIES) {
    const c = (await e2eData(stack, COMPANY_BASELINE, { uscc })).company as CompanyBaseline;
    companies[uscc] = c;
    // The legal representative is a person, counted under them.
    reads[`Company:${uscc}`] = { ...c, legalRepresentative: undefined };
  }
  // Each subject's first certificate and every health document; the golden cases; every property.
  const certificates = [
    ...new Set(
      [...Object.values(persons), ...Object.values(companies)].flatMap((s) => [
        s.certificates[0]!.id,
        ...s.certificates.filter((x) => HEALTH_CERTIFICATE_TYPES.includes(x.type)).map((x) => x.id),
      ]),
    ),
  ];
  const properties = [
    ...new Set(
      [...Object.values(persons), ...Object.values(companies)].flatMap((s) =>
        s.properties.map((p) => p.certificateNumber),
      ),
    ),
  ];
  const rootIds = { certificates, cases: [RESTAURANT_CASE, ZHANG_WEI_CASE, LI_NA_CASE], properties };
  const { query, variables } = rootsQuery(rootIds, true);
  const roots = rootTargetsOf((await e2eData(stack, query, variables)) as never, rootIds);
  return { persons, companies, roots, rootIds, known: knownValuesOf(reads) };
}

function describeRoleDataMatrix(stack: () => Stack): void {
  describe('role × data matrix over the golden records', () => {
    let baseline: Baseline;
    beforeAll(async () => {
      baseline = await readBaseline(stack());
    });

    /** Runs one caller against every target; returns what it got and what it should have, side by side. */
    async function run(c: MatrixCaller) {
      const got: Record<string, ExpectedReply> = {};
      const want: Record<string, ExpectedReply> = {};
      const leaks: Record<string, Leak[]> = {};
      const ask = async (
        key: string,
        query: string,
        variables: Record<string, unknown>,
        expected: ExpectedReply,
      ) => {
        const reply = await stack().query(query, variables, channelOf(c.caller), c.caller);
        got[key] = seen(reply);
        want[key] = expected;
        const found = leaksOf(reply, baseline.known, expected.data ?? null, variables);
        if (found.length > 0) leaks[key] = found;
      };
      for (const id of GOLDEN_PERSONS)
        await ask(`person(${id})`, PERSON_QUERY, { id }, expectedPerson(c, baseline.persons[id]!));
      for (const uscc of GOLDEN_COMPANIES)
        await ask(`company(${uscc})`, COMPANY_QUERY, { uscc }, expectedCompany(c, baseline.companies[uscc]!));
      const roots = rootsQuery(baseline.rootIds);
      await ask(
        'certificate, case, propertyByCertificateNumber',
        roots.query,
        roots.variables,
        expectedRoots(c, baseline.roots),
      );
      return { got, want, leaks };
    }

    it.each(CALLERS.map((c) => [c.label, c] as const))(
      '%s: exact answers for every golden person, company, certificate, case and property; zero leaks',
      async (_label, c) => {
        const { got, want, leaks } = await run(c);
        expect(leaks).toEqual({});
        expect(got).toEqual(want);
      },
    );

    it('checks every role against every golden record, knowing what identifies each', () => {
      const targets =
        GOLDEN_PERSONS.length +
        GOLDEN_COMPANIES.length +
        baseline.rootIds.certificates.length +
        baseline.rootIds.cases.length +
        baseline.rootIds.properties.length;
      // 10 callers × (7 persons + 3 companies + 11 certificates + 3 cases + 3 properties).
      expect([CALLERS.length, targets, CALLERS.length * targets]).toEqual([10, 27, 270]);
      expect([...baseline.known.keys()]).toEqual([
        ...GOLDEN_PERSONS.map((id) => `Person:${id}`),
        ...GOLDEN_COMPANIES.map((uscc) => `Company:${uscc}`),
      ]);
      // The detector looks for what identifies a person across departments, not just the name.
      expect([...baseline.known.get(`Person:${ZHANG_WEI}`)!]).toEqual(
        expect.arrayContaining([
          '张伟',
          ZHANG_WEI,
          '上海市普陀区长寿路588弄12号602室',
          'SH0017350017',
          '沪(2019)普字不动产权第012345号',
          '普卫健(2026)000173',
          ZHANG_WEI_CASE,
        ]),
      );
    });
  });
}
