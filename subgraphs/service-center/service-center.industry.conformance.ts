/// <reference types="jest" />
import { createBigDataCenterAdapter } from '../../adapters/big-data-center';
import { newAdapterContext } from '../../adapters/kit/operation';
import { useHarness } from './conformance-harness';
import { SUBMIT, TRANSITION } from './service-center.cases.conformance';
import type { ConformanceTarget } from './service-center.conformance';

const RESTAURANT = '91310107MA1FL3K2XE';
const PHARMACY = '91310107MA1G5X7P50';
const AT = '2026-11-26T10:00:00+08:00';

const LICENCE_FIELDS = /* GraphQL */ `
  industry { code } status licence { id }
  components { certificateType name department { code } status certificate { id } }
`;

const APPLY = /* GraphQL */ `
  mutation($input: ApplyIndustryLicenceInput!) {
    applyIndustryLicence(input: $input) {
      replayed
      case { id matterCode status issuedCertificate { id } history { from to channel note } }
      industryLicence { ${LICENCE_FIELDS} }
    }
  }
`;

const component = (
  certificateType: string,
  name: string,
  department: string,
  status: string,
  id: string | null,
) => ({
  certificateType,
  name,
  department: { code: department },
  status,
  certificate: id ? { id } : null,
});

const RESTAURANT_COMPONENTS = [
  component('BUSINESS_LICENCE', '营业执照', 'market-supervision', 'VALID', `MS-BL-${RESTAURANT}`),
  component(
    'FOOD_BUSINESS_PERMIT',
    '食品经营许可证',
    'market-supervision',
    'VALID',
    'MS-FBP-JY23101070012345',
  ),
  component('PUBLIC_PLACE_HEALTH_PERMIT', '公共场所卫生许可证', 'health', 'EXPIRED', 'HL-PPH-2023-0107-0412'),
  component('TAX_REGISTRATION', '税务登记证明', 'tax', 'VALID', `TX-REG-${RESTAURANT}`),
];

const PHARMACY_COMPONENTS = [
  component('BUSINESS_LICENCE', '营业执照', 'market-supervision', 'VALID', `MS-BL-${PHARMACY}`),
  component('DRUG_RETAIL_PERMIT', '药品经营许可证', 'market-supervision', 'VALID', 'MS-DRP-HB3101070187'),
  component(
    'FOOD_BUSINESS_PERMIT',
    '食品经营许可证',
    'market-supervision',
    'VALID',
    'MS-FBP-JY13101070056789',
  ),
  component('TAX_REGISTRATION', '税务登记证明', 'tax', 'VALID', `TX-REG-${PHARMACY}`),
];

const AUTO = 'automatic: every component permit is valid in the library';

type Json = Record<string, unknown>;

export function describeIndustryConformance(target: ConformanceTarget): void {
  describe(`service-center one licence for one industry on ${target.engine}`, () => {
    const h = useHarness(target);
    const licenceOf = (uscc: string, industry: string) =>
      h().run(
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Company { industryLicence(industry: "${industry}") { ${LICENCE_FIELDS} } } } }`,
        { reps: [{ __typename: 'Company', uscc }] },
      );
    const apply = (input: Json, channel = 'counter') => h().run(APPLY, { input }, channel);

    it("reads two companies' licences with one library call: the restaurant lacks only its health permit", async () => {
      h().library.controller.resetCounts();
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Company { uscc restaurant: industryLicence(industry: "restaurant") { ${LICENCE_FIELDS} }
                         pharmacy: industryLicence(industry: "pharmacy") { status } } } }`;
      const reps = [RESTAURANT, PHARMACY].map((uscc) => ({ __typename: 'Company', uscc }));
      expect(await h().run(query, { reps })).toEqual({
        data: {
          _entities: [
            {
              uscc: RESTAURANT,
              restaurant: {
                industry: { code: 'restaurant' },
                status: 'INCOMPLETE',
                licence: null,
                components: RESTAURANT_COMPONENTS,
              },
              pharmacy: { status: 'INCOMPLETE' },
            },
            {
              uscc: PHARMACY,
              // The pharmacy holds every restaurant permit too.
              restaurant: expect.objectContaining({ status: 'COMPLETE' }),
              pharmacy: { status: 'COMPLETE' },
            },
          ],
        },
      });
      expect(h().library.controller.stats().byOperation).toEqual({ 'certificates:searchByHolders': 1 });
      expect(h().library.controller.stats().keysByOperation).toEqual({ 'certificates:searchByHolders': 2 });
    });

    it('refuses an industry that is not a pilot industry', async () => {
      const result = await licenceOf(PHARMACY, 'casino');
      expect(result.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(
            /^no pilot industry has the code casino: one of restaurant, pharmacy, /,
          ),
          extensions: { code: 'UNKNOWN_INDUSTRY', department: 'service-center' },
        }),
      ]);
    });

    it("fails the restaurant's combined case, naming the expired permit and its department", async () => {
      const before = await h().counts();
      h().library.controller.resetCounts();
      expect(
        await apply({ uscc: RESTAURANT, industry: 'restaurant', idempotencyKey: 'ind-rest-0001' }),
      ).toEqual({
        data: {
          applyIndustryLicence: {
            replayed: false,
            case: {
              id: 'C2026112600001',
              matterCode: 'IND-RESTAURANT',
              status: 'PRECHECK_FAILED',
              issuedCertificate: null,
              history: [
                { from: null, to: 'SUBMITTED', channel: 'COUNTER', note: null },
                {
                  from: 'SUBMITTED',
                  to: 'PRECHECK_FAILED',
                  channel: null,
                  note: 'components not valid: 公共场所卫生许可证 (health): 公共场所卫生许可证 HL-PPH-2023-0107-0412 expired on 2026-06-30',
                },
              ],
            },
            industryLicence: {
              industry: { code: 'restaurant' },
              status: 'INCOMPLETE',
              licence: null,
              components: RESTAURANT_COMPONENTS,
            },
          },
        },
      });
      const after = await h().counts();
      expect(after.cases! - before.cases!).toBe(1);
      expect(h().library.controller.stats().byOperation['certificates:issue']).toBeUndefined();
    });

    it('issues the pharmacy its comprehensive licence at once, and only once for a repeated request', async () => {
      const input = { uscc: PHARMACY, industry: 'pharmacy', idempotencyKey: 'ind-phar-0001' };
      // The big-data-center subgraph sharing the service centre's cache has the pharmacy's list cached.
      const subgraphSide = createBigDataCenterAdapter({ url: h().library.url, cache: h().cache });
      const pharmacy = { type: 'COMPANY' as const, id: PHARMACY };
      const listedBefore = await subgraphSide.certificatesByHolder(newAdapterContext(), pharmacy);
      const first = (await apply(input)) as {
        data: { applyIndustryLicence: Json & { case: Json & { issuedCertificate: { id: string } } } };
      };
      const licenceId = first.data.applyIndustryLicence.case.issuedCertificate.id;
      expect(first.data.applyIndustryLicence).toEqual({
        replayed: false,
        case: {
          id: 'C2026112600002',
          matterCode: 'IND-PHARMACY',
          status: 'ISSUED',
          issuedCertificate: { id: licenceId },
          history: [
            { from: null, to: 'SUBMITTED', channel: 'COUNTER', note: null },
            { from: 'SUBMITTED', to: 'ACCEPTED', channel: null, note: AUTO },
            { from: 'ACCEPTED', to: 'IN_REVIEW', channel: null, note: AUTO },
            { from: 'IN_REVIEW', to: 'APPROVED', channel: null, note: AUTO },
            { from: 'APPROVED', to: 'ISSUED', channel: null, note: `issued ${licenceId}` },
          ],
        },
        industryLicence: {
          industry: { code: 'pharmacy' },
          status: 'ISSUED',
          licence: { id: licenceId },
          components: PHARMACY_COMPONENTS,
        },
      });
      // The service centre's write dropped that list: the next read there shows the licence.
      const listedAfter = await subgraphSide.certificatesByHolder(newAdapterContext(), pharmacy);
      await subgraphSide.close();
      expect(listedAfter.map((c) => c.id)).toEqual([...listedBefore.map((c) => c.id), licenceId]);
      const adapter = createBigDataCenterAdapter({ url: h().library.url });
      try {
        const licence = await adapter.certificate(newAdapterContext(), licenceId);
        expect(licence).toEqual(
          expect.objectContaining({
            type: 'INDUSTRY_COMPREHENSIVE_LICENCE',
            title: '行业综合许可证',
            issuerCode: 'service-center',
            holderType: 'COMPANY',
            holderId: PHARMACY,
            status: 'VALID',
            validFrom: '2026-11-26',
            validUntil: '2031-11-25',
          }),
        );
      } finally {
        await adapter.close();
      }
      h().library.controller.resetCounts();
      const again = (await apply(input)) as {
        data: { applyIndustryLicence: { replayed: boolean; case: Json } };
      };
      expect([again.data.applyIndustryLicence.replayed, again.data.applyIndustryLicence.case.id]).toEqual([
        true,
        'C2026112600002',
      ]);
      expect(h().library.controller.stats().byOperation['certificates:issue']).toBeUndefined();
    });

    it("renews the restaurant's health permit through its golden case, which completes and then issues its licence", async () => {
      const move = (to: string) => h().run(TRANSITION, { id: 'C2026112000001', to }, 'counter');
      expect(
        ((await move('APPROVED')) as { data: { transitionCase: Json } }).data.transitionCase.status,
      ).toBe('APPROVED');

      // The library fails while issuing: the case stays APPROVED and nothing is recorded as issued.
      h().library.controller.set({ errorRate: 1 });
      const failed = await move('ISSUED');
      h().library.controller.clear();
      expect((failed.errors?.[0] as { extensions: Json }).extensions.code).toBe('DEPARTMENT_UNAVAILABLE');
      expect((await h().store.casesById(['C2026112000001']))[0]).toEqual(
        expect.objectContaining({ status: 'APPROVED', issuedCertificateId: null }),
      );

      const issued = (await move('ISSUED')) as {
        data: { transitionCase: { status: string; issuedCertificate: { id: string }; history: Json[] } };
      };
      const permitId = issued.data.transitionCase.issuedCertificate.id;
      expect([issued.data.transitionCase.status, issued.data.transitionCase.history.at(-1)]).toEqual([
        'ISSUED',
        { from: 'APPROVED', to: 'ISSUED', at: AT, channel: 'COUNTER', note: null },
      ]);
      const adapter = createBigDataCenterAdapter({ url: h().library.url });
      try {
        expect(await adapter.certificate(newAdapterContext(), permitId)).toEqual(
          expect.objectContaining({
            type: 'PUBLIC_PLACE_HEALTH_PERMIT',
            title: '公共场所卫生许可证',
            issuerCode: 'health',
            holderId: RESTAURANT,
            status: 'VALID',
            validFrom: '2026-11-26',
            validUntil: '2030-11-25',
          }),
        );
        // Issued once, though asked twice: the case id is the library's request id.
        const permits = await adapter.certificatesByHolder(
          newAdapterContext(),
          { type: 'COMPANY', id: RESTAURANT },
          { type: 'PUBLIC_PLACE_HEALTH_PERMIT' },
        );
        expect(permits.map((c) => c.id)).toEqual(['HL-PPH-2023-0107-0412', permitId]);
      } finally {
        await adapter.close();
      }

      const now = (await licenceOf(RESTAURANT, 'restaurant')) as {
        data: { _entities: [{ industryLicence: { status: string; components: Json[] } }] };
      };
      expect(now.data._entities[0].industryLicence.status).toBe('COMPLETE');
      expect(now.data._entities[0].industryLicence.components[2]).toEqual(
        component('PUBLIC_PLACE_HEALTH_PERMIT', '公共场所卫生许可证', 'health', 'VALID', permitId),
      );

      const applied = (await apply({
        uscc: RESTAURANT,
        industry: 'restaurant',
        idempotencyKey: 'ind-rest-0002',
      })) as {
        data: {
          applyIndustryLicence: { case: { id: string; status: string }; industryLicence: { status: string } };
        };
      };
      expect([
        applied.data.applyIndustryLicence.case.id,
        applied.data.applyIndustryLicence.case.status,
        applied.data.applyIndustryLicence.industryLicence.status,
      ]).toEqual(['C2026112600003', 'ISSUED', 'ISSUED']);
    });

    it('refuses a submit for the comprehensive licence matter from a person', async () => {
      const result = await h().run(
        SUBMIT,
        {
          input: {
            matterCode: 'IND-RESTAURANT',
            applicant: { personId: '310107199003070017' },
            idempotencyKey: 'ind-person-01',
          },
        },
        'counter',
      );
      expect((result.errors?.[0] as { extensions: Json }).extensions.code).toBe('WRONG_APPLICANT_KIND');
    });
  });
}
