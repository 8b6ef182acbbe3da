/// <reference types="jest" />
import { createBigDataCenterAdapter } from '../../adapters/big-data-center';
import { newAdapterContext } from '../../adapters/kit/operation';
import { districtDay } from './clock';
import { useHarness } from './conformance-harness';
import type { ConformanceTarget } from './service-center.conformance';

const ZHANG_XIAOYU = '310107202308150047';
const WANG_QIANG = '310107197802030012';
const LI_NA = '310107198511220021';
const RESTAURANT = '91310107MA1FL3K2XE';

export const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitCaseInput!) {
    submitCase(input: $input) {
      replayed
      outstanding {
        material {
          code
        }
        status
        reason
      }
      case {
        id
        matterCode
        channel
        status
        open
        submittedAt
        applicant {
          ... on Person {
            id
          }
          ... on Company {
            uscc
          }
        }
        materials {
          material {
            code
            kind
            required
          }
          status
          reason
          certificate {
            id
          }
          reference
        }
        history {
          from
          to
          at
          channel
          note
        }
        issuedCertificate {
          id
        }
      }
    }
  }
`;

export const TRANSITION = /* GraphQL */ `
  mutation ($id: ID!, $to: CaseStatus!, $note: String) {
    transitionCase(id: $id, to: $to, note: $note) {
      id
      status
      open
      updatedAt
      issuedCertificate {
        id
      }
      history {
        from
        to
        at
        channel
        note
      }
    }
  }
`;

const AT = '2026-11-26T10:00:00+08:00';

/** Zhang Xiaoyu's kindergarten registration: the household register is in the library, the rest handed in. */
const KINDERGARTEN = {
  matterCode: 'ED-001',
  applicant: { personId: ZHANG_XIAOYU },
  suppliedMaterials: [
    { materialCode: 'PHOTO', reference: 'upload:7f3a-photo' },
    { materialCode: 'VACCINATION_RECORD', reference: 'upload:7f3a-vacc' },
    { materialCode: 'REAL_ESTATE_CERTIFICATE', reference: '沪(2019)普字不动产权第012345号' },
  ],
  idempotencyKey: 'portal-7f3a-0001',
};

type Json = Record<string, unknown>;

function errorOf(result: { errors?: readonly unknown[] }): { code?: unknown; message?: unknown } {
  const e = result.errors?.[0] as { message?: string; extensions?: { code?: string } } | undefined;
  return { code: e?.extensions?.code, message: e?.message };
}

export function describeCaseConformance(target: ConformanceTarget): void {
  describe(`service-center submitCase on ${target.engine}`, () => {
    const h = useHarness(target);
    const submit = (input: Json, channel = 'portal') => h().run(SUBMIT, { input }, channel);

    it('loads the 652 matters and 25 industries of data/', async () => {
      expect((await h().store.matterPage({}, 0, 0)).totalCount).toBe(652);
      expect((await h().store.listIndustries()).length).toBe(25);
    });

    it('accepts a case whose certificates come from the library and whose other materials were handed in', async () => {
      h().library.controller.resetCounts();
      expect(await submit(KINDERGARTEN)).toEqual({
        data: {
          submitCase: {
            replayed: false,
            outstanding: [],
            case: {
              id: 'C2026112600001',
              matterCode: 'ED-001',
              channel: 'PORTAL',
              status: 'ACCEPTED',
              open: true,
              submittedAt: AT,
              applicant: { id: ZHANG_XIAOYU },
              materials: [
                {
                  material: { code: 'HOUSEHOLD_REGISTER', kind: 'CERTIFICATE', required: true },
                  status: 'NO_SUBMISSION_NEEDED',
                  reason: null,
                  certificate: { id: `PS-HH-${ZHANG_XIAOYU}` },
                  reference: null,
                },
                {
                  material: { code: 'REAL_ESTATE_CERTIFICATE', kind: 'CERTIFICATE', required: true },
                  status: 'SUPPLIED',
                  reason: null,
                  certificate: null,
                  reference: '沪(2019)普字不动产权第012345号',
                },
                {
                  material: { code: 'VACCINATION_RECORD', kind: 'DOCUMENT', required: true },
                  status: 'SUPPLIED',
                  reason: null,
                  certificate: null,
                  reference: 'upload:7f3a-vacc',
                },
                {
                  material: { code: 'PHOTO', kind: 'PHOTO', required: true },
                  status: 'SUPPLIED',
                  reason: null,
                  certificate: null,
                  reference: 'upload:7f3a-photo',
                },
              ],
              history: [
                { from: null, to: 'SUBMITTED', at: AT, channel: 'PORTAL', note: null },
                { from: 'SUBMITTED', to: 'ACCEPTED', at: AT, channel: null, note: 'pre-check passed' },
              ],
              issuedCertificate: null,
            },
          },
        },
      });
      expect(h().library.controller.stats().byOperation).toEqual({ 'certificates:searchByHolders': 1 });
    });

    it('shows the case opened at the portal to the counter in Person.cases', async () => {
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person { cases { id channel status } } } }`;
      expect(await h().run(query, { reps: [{ __typename: 'Person', id: ZHANG_XIAOYU }] }, 'counter')).toEqual(
        {
          data: { _entities: [{ cases: [{ id: 'C2026112600001', channel: 'PORTAL', status: 'ACCEPTED' }] }] },
        },
      );
    });

    it('fails the pre-check listing what is missing, when nothing is handed in', async () => {
      const result = (await submit({
        ...KINDERGARTEN,
        suppliedMaterials: [],
        idempotencyKey: 'portal-7f3a-0002',
      })) as {
        data: { submitCase: { outstanding: unknown; case: { id: string; status: string; history: Json[] } } };
      };
      expect(result.data.submitCase.outstanding).toEqual([
        {
          material: { code: 'REAL_ESTATE_CERTIFICATE' },
          status: 'MISSING',
          reason:
            '不动产权证书: the applicant holds no REAL_ESTATE_CERTIFICATE e-certificate in the library; hand in the paper original',
        },
        {
          material: { code: 'VACCINATION_RECORD' },
          status: 'MISSING',
          reason: '儿童预防接种证 is not held in the certificate library and must be handed in',
        },
        {
          material: { code: 'PHOTO' },
          status: 'MISSING',
          reason: '两寸证件照 is not held in the certificate library and must be handed in',
        },
      ]);
      expect([result.data.submitCase.case.id, result.data.submitCase.case.status]).toEqual([
        'C2026112600002',
        'PRECHECK_FAILED',
      ]);
      expect(result.data.submitCase.case.history[1]).toEqual({
        from: 'SUBMITTED',
        to: 'PRECHECK_FAILED',
        at: AT,
        channel: null,
        note: 'pre-check failed: 不动产权证书 missing; 儿童预防接种证 missing; 两寸证件照 missing',
      });
    });

    it('judges an expired e-certificate INVALID naming its last day, even with a paper copy handed in', async () => {
      const result = (await submit(
        {
          matterCode: 'HL-003',
          applicant: { companyUscc: RESTAURANT },
          suppliedMaterials: [
            { materialCode: 'APPLICATION_FORM', reference: 'upload:hl003-form' },
            { materialCode: 'PUBLIC_PLACE_HEALTH_PERMIT', reference: '沪普卫公字(2022)第0412号' },
          ],
          idempotencyKey: 'counter-rest-0001',
        },
        'counter',
      )) as { data: { submitCase: { outstanding: unknown; case: { status: string } } } };
      expect(result.data.submitCase).toEqual({
        replayed: false,
        outstanding: [
          {
            material: { code: 'PUBLIC_PLACE_HEALTH_PERMIT' },
            status: 'INVALID',
            reason: '公共场所卫生许可证 HL-PPH-2023-0107-0412 expired on 2026-06-30',
          },
        ],
        case: expect.objectContaining({
          id: 'C2026112600003',
          status: 'PRECHECK_FAILED',
          channel: 'COUNTER',
        }),
      });
    });

    it('judges a revoked e-certificate INVALID naming the day it was revoked', async () => {
      const adapter = createBigDataCenterAdapter({ url: h().library.url });
      try {
        await adapter.revokeCertificate(
          newAdapterContext(),
          `PS-HH-${WANG_QIANG}`,
          '户籍迁出',
          'revoke-wang-0001',
        );
      } finally {
        await adapter.close();
      }
      const result = (await submit({
        matterCode: 'PS-002',
        applicant: { personId: WANG_QIANG },
        suppliedMaterials: [{ materialCode: 'APPLICATION_FORM', reference: 'upload:ps002' }],
        idempotencyKey: 'portal-wang-0001',
      })) as { data: { submitCase: { outstanding: unknown; case: { status: string } } } };
      expect(result.data.submitCase.outstanding).toEqual([
        {
          material: { code: 'HOUSEHOLD_REGISTER' },
          status: 'INVALID',
          reason: `居民户口簿 PS-HH-${WANG_QIANG} was revoked on ${districtDay(new Date())}`,
        },
      ]);
      expect(result.data.submitCase.case.status).toBe('PRECHECK_FAILED');
    });

    it('refuses bad requests with typed errors before any write or library call', async () => {
      const before = await h().counts();
      h().library.controller.resetCounts();
      const refused = async (input: Json, channel = 'portal') => errorOf(await submit(input, channel));
      expect(await refused({ ...KINDERGARTEN, matterCode: 'ZZ-404' })).toEqual({
        code: 'UNKNOWN_MATTER',
        message: 'no matter in the catalogue has the code ZZ-404',
      });
      expect(await refused({ ...KINDERGARTEN, matterCode: 'HL-002', suppliedMaterials: [] })).toEqual({
        code: 'WRONG_APPLICANT_KIND',
        message: 'matter HL-002 (公共场所卫生许可证延续) is for a company, not a person',
      });
      expect(await refused({ ...KINDERGARTEN, applicant: { personId: '310107202308150048' } })).toEqual({
        code: 'INVALID_IDENTITY_NUMBER',
        message: '"310107202308150048" is not a valid identity number: check digit is 8, expected 7',
      });
      expect(await refused({ ...KINDERGARTEN, applicant: { companyUscc: '91310107MA1FL3K2XA' } })).toEqual({
        code: 'INVALID_CREDIT_CODE',
        message:
          '"91310107MA1FL3K2XA" is not a valid unified social credit code: check character is A, expected E',
      });
      expect(
        await refused({ ...KINDERGARTEN, applicant: { personId: ZHANG_XIAOYU, companyUscc: RESTAURANT } }),
      ).toEqual({
        code: 'INVALID_ARGUMENT',
        message: 'applicant must name exactly one of personId and companyUscc',
      });
      expect(await refused({ ...KINDERGARTEN, idempotencyKey: 'short' })).toEqual({
        code: 'INVALID_IDEMPOTENCY_KEY',
        message: 'idempotencyKey must be 8 to 64 characters [A-Za-z0-9._:-]: "short"',
      });
      expect(await refused(KINDERGARTEN, 'unknown')).toEqual({
        code: 'INVALID_ARGUMENT',
        message:
          'the request names no channel ("unknown"): send the x-channel header with counter, portal, terminal or app',
      });
      expect(await refused(KINDERGARTEN, 'terminal')).toEqual({
        code: 'CHANNEL_NOT_OFFERED',
        message:
          'matter ED-001 (幼儿园入园登记) is not offered at TERMINAL: it is offered at COUNTER, PORTAL, APP',
      });
      expect(
        await refused({ ...KINDERGARTEN, suppliedMaterials: [{ materialCode: 'PASSPORT', reference: 'x' }] }),
      ).toEqual({
        code: 'INVALID_ARGUMENT',
        message: 'material PASSPORT is not a material of matter ED-001',
      });
      expect(await h().counts()).toEqual(before);
      expect(h().library.controller.stats().requests).toBe(0);
    });

    it('writes nothing when the library cannot be reached, and fails with its error', async () => {
      const before = await h().counts();
      h().library.controller.set({ errorRate: 1 });
      try {
        // Zhang Wei: not read before, so no cached list stands in for the library.
        const result = await submit({
          ...KINDERGARTEN,
          applicant: { personId: '310107199003070017' },
          idempotencyKey: 'portal-7f3a-down',
        });
        expect(errorOf(result).code).toBe('DEPARTMENT_UNAVAILABLE');
        expect((result.errors![0] as { extensions: Json }).extensions.department).toBe('big-data-center');
      } finally {
        h().library.controller.clear();
      }
      expect(await h().counts()).toEqual(before);
    });

    it('returns the first case for a repeated request and refuses the key for another request', async () => {
      const before = await h().counts();
      const again = (await submit(KINDERGARTEN)) as {
        data: { submitCase: { replayed: boolean; case: { id: string } } };
      };
      expect([again.data.submitCase.replayed, again.data.submitCase.case.id]).toEqual([
        true,
        'C2026112600001',
      ]);
      // Same request, materials listed in another order: the same request.
      const reordered = (await submit({
        ...KINDERGARTEN,
        suppliedMaterials: [...KINDERGARTEN.suppliedMaterials].reverse(),
      })) as {
        data: { submitCase: { replayed: boolean } };
      };
      expect(reordered.data.submitCase.replayed).toBe(true);
      expect(errorOf(await submit({ ...KINDERGARTEN, suppliedMaterials: [] }))).toEqual({
        code: 'IDEMPOTENCY_CONFLICT',
        message:
          'idempotency key portal-7f3a-0001 was already used for a different request: the first case stands; use a new key for a new request',
      });
      expect(errorOf(await submit(KINDERGARTEN, 'app')).code).toBe('IDEMPOTENCY_CONFLICT');
      expect(await h().counts()).toEqual(before);
    });

    it('writes one case for five concurrent submits with one key, and answers all five with it', async () => {
      const before = await h().counts();
      const input = { ...KINDERGARTEN, idempotencyKey: 'portal-7f3a-race' };
      const results = (await Promise.all([1, 2, 3, 4, 5].map(() => submit(input)))) as {
        data: { submitCase: { replayed: boolean; case: { id: string } } };
      }[];
      expect(new Set(results.map((r) => r.data.submitCase.case.id))).toEqual(new Set(['C2026112600005']));
      expect(results.map((r) => r.data.submitCase.replayed).sort()).toEqual([false, true, true, true, true]);
      const after = await h().counts();
      expect([
        after.cases! - before.cases!,
        after.case_events! - before.case_events!,
        after.case_materials! - before.case_materials!,
      ]).toEqual([1, 2, 4]);
    });
  });

  describe(`service-center transitionCase on ${target.engine}`, () => {
    const h = useHarness(target);
    const move = (id: string, to: string, note?: string) => h().run(TRANSITION, { id, to, note }, 'counter');

    it('moves a case along the table, recording the officer, the channel and the note', async () => {
      expect(await move('C2026112400001', 'IN_REVIEW', '材料齐全，转审核')).toEqual({
        data: {
          transitionCase: {
            id: 'C2026112400001',
            status: 'IN_REVIEW',
            open: true,
            updatedAt: AT,
            issuedCertificate: null,
            history: [
              { from: null, to: 'SUBMITTED', at: '2026-11-24T12:08:00+08:00', channel: 'APP', note: null },
              {
                from: 'SUBMITTED',
                to: 'ACCEPTED',
                at: '2026-11-24T15:40:00+08:00',
                channel: 'COUNTER',
                note: null,
              },
              { from: 'ACCEPTED', to: 'IN_REVIEW', at: AT, channel: 'COUNTER', note: '材料齐全，转审核' },
            ],
          },
        },
      });
    });

    it('refuses a move the table does not allow, naming both states and the way on', async () => {
      const before = await h().counts();
      expect(errorOf(await move('C2026112400001', 'ISSUED'))).toEqual({
        code: 'ILLEGAL_TRANSITION',
        message:
          'case C2026112400001 cannot move from IN_REVIEW to ISSUED: it can move to APPROVED or REJECTED',
      });
      expect(errorOf(await move('C2026110200001', 'IN_REVIEW'))).toEqual({
        code: 'ILLEGAL_TRANSITION',
        message: 'case C2026110200001 cannot move from ISSUED to IN_REVIEW: ISSUED is final',
      });
      expect(errorOf(await move('C2026112600999', 'ACCEPTED'))).toEqual({
        code: 'NOT_FOUND',
        message: 'no case has the id C2026112600999',
      });
      expect(await h().counts()).toEqual(before);
    });

    it('lets only one of two officers moving the same case at once succeed', async () => {
      const results = await Promise.all([
        move('C2026112400001', 'APPROVED'),
        move('C2026112400001', 'REJECTED'),
      ]);
      const won = results.filter((r) => !r.errors);
      const lost = results.filter((r) => r.errors);
      expect([won.length, lost.length]).toEqual([1, 1]);
      const winner = (won[0]!.data as { transitionCase: { status: string } }).transitionCase.status;
      const loser = winner === 'APPROVED' ? 'REJECTED' : 'APPROVED';
      expect(errorOf(lost[0]!)).toEqual({
        code: 'ILLEGAL_TRANSITION',
        message: `case C2026112400001 cannot move from ${winner} to ${loser}: ${
          winner === 'APPROVED' ? 'it can move to ISSUED' : 'REJECTED is final'
        }`,
      });
      const events = (await h().store.caseEvents(['C2026112400001'])).get('C2026112400001')!;
      expect(events.map((e) => e.to)).toEqual(['SUBMITTED', 'ACCEPTED', 'IN_REVIEW', winner]);
    });

    it('closes a case whose matter issues nothing without a certificate', async () => {
      const submitted = (await h().run(
        SUBMIT,
        {
          input: {
            matterCode: 'PS-002',
            applicant: { personId: LI_NA },
            suppliedMaterials: [{ materialCode: 'APPLICATION_FORM', reference: 'upload:ps002-li' }],
            idempotencyKey: 'counter-lina-0001',
          },
        },
        'counter',
      )) as { data: { submitCase: { case: { id: string; status: string } } } };
      const id = submitted.data.submitCase.case.id;
      expect(submitted.data.submitCase.case.status).toBe('ACCEPTED');
      for (const to of ['IN_REVIEW', 'APPROVED']) await move(id, to);
      h().library.controller.resetCounts();
      const issued = (await move(id, 'ISSUED')) as { data: { transitionCase: Json } };
      expect([issued.data.transitionCase.status, issued.data.transitionCase.issuedCertificate]).toEqual([
        'ISSUED',
        null,
      ]);
      expect(h().library.controller.stats().requests).toBe(0);
    });
  });
}
