import { PDFDocument } from 'pdf-lib';
import {
  decodeCertificateDocument,
  DOCUMENT_PREFIX,
} from '../../adapters/big-data-center/certificate-document';
import { GOLDEN } from '../../mocks/data/golden';
import { inspectPdf, readQr } from '../../subgraphs/big-data-center/printable/test-support';
import { startStack, type GraphQLReply, type Stack, type StackOptions } from '../helpers/stack';

/**
 * The one-window services end to end through the gateway, with the golden records: the same
 * cases on embedded defaults (services.test.ts) and on PostgreSQL/Redis/MariaDB (services.integration.test.ts).
 */
const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitCaseInput!) {
    submitCase(input: $input) {
      replayed
      case {
        id
        status
        channel
        matterCode
        materials {
          material {
            code
          }
          status
          reason
          certificate {
            id
          }
        }
      }
      outstanding {
        material {
          code
        }
        status
      }
    }
  }
`;

const CASES_OF = /* GraphQL */ `
  query CasesOf($id: ID!) {
    person(id: $id) {
      cases {
        id
        status
        channel
      }
    }
  }
`;

const LICENCE = /* GraphQL */ `
  query Licence($uscc: ID!, $industry: ID!) {
    company(uscc: $uscc) {
      industryLicence(industry: $industry) {
        status
        components {
          certificateType
          status
          department {
            code
            name
          }
        }
        licence {
          id
          type
          issuer {
            code
          }
        }
      }
    }
  }
`;

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function data(reply: GraphQLReply): Data {
  expect(reply.body.errors).toBeUndefined();
  return reply.body.data as Data;
}

function errorCode(reply: GraphQLReply): unknown {
  return reply.body.errors?.[0]?.extensions?.code;
}

export function describeServices(title: string, options: () => StackOptions): void {
  describe(title, () => {
    let stack: Stack;
    beforeAll(async () => {
      // Drawing a QR image takes seconds inside Jest (60 ms in Node): the digital ID steps get the
      // subgraphs' whole 10 s rather than the gateway's default 5 s, so a loaded machine does not time them out.
      stack = await startStack({ requestTimeoutMs: 10_000, ...options() });
    }, 60_000);
    afterAll(() => stack?.close());

    describe('apply once, no paper', () => {
      const input = {
        matterCode: 'ED-001',
        applicant: { personId: GOLDEN.zhangWei },
        idempotencyKey: 'portal-zw-ed001-0001',
      };

      it('tells Zhang Wei his household register and housing certificate need no submission', async () => {
        const result = data(await stack.query(SUBMIT, { input }, 'portal')).submitCase;
        expect(result.replayed).toBe(false);
        expect(result.case).toMatchObject({
          status: 'PRECHECK_FAILED',
          channel: 'PORTAL',
          matterCode: 'ED-001',
        });
        expect(result.case.materials).toEqual([
          {
            material: { code: 'HOUSEHOLD_REGISTER' },
            status: 'NO_SUBMISSION_NEEDED',
            reason: null,
            certificate: { id: `PS-HH-${GOLDEN.zhangWei}` },
          },
          {
            material: { code: 'REAL_ESTATE_CERTIFICATE' },
            status: 'NO_SUBMISSION_NEEDED',
            reason: null,
            certificate: { id: 'HS-RE-2019-012345' },
          },
          {
            material: { code: 'VACCINATION_RECORD' },
            status: 'MISSING',
            reason: '儿童预防接种证 is not held in the certificate library and must be handed in',
            certificate: null,
          },
          {
            material: { code: 'PHOTO' },
            status: 'MISSING',
            reason: '两寸证件照 is not held in the certificate library and must be handed in',
            certificate: null,
          },
        ]);
        expect(result.outstanding.map((m: Data) => m.material.code)).toEqual(['VACCINATION_RECORD', 'PHOTO']);
      });

      it('returns the same case, not a duplicate, when the same request is sent again', async () => {
        const before = data(await stack.query(CASES_OF, { id: GOLDEN.zhangWei })).person.cases.length;
        const again = data(await stack.query(SUBMIT, { input }, 'portal')).submitCase;
        expect(again.replayed).toBe(true);
        expect(data(await stack.query(CASES_OF, { id: GOLDEN.zhangWei })).person.cases).toHaveLength(before);
      });

      it('shows the counter the case the portal opened', async () => {
        const submitted = data(await stack.query(SUBMIT, { input }, 'portal')).submitCase.case;
        const atCounter = data(await stack.query(CASES_OF, { id: GOLDEN.zhangWei }, 'counter')).person.cases;
        expect(atCounter).toContainEqual({ id: submitted.id, status: 'PRECHECK_FAILED', channel: 'PORTAL' });
      });

      it('accepts the case once the missing materials are supplied', async () => {
        const complete = {
          ...input,
          idempotencyKey: 'app-zw-ed001-0002',
          suppliedMaterials: [
            { materialCode: 'VACCINATION_RECORD', reference: 'upload:vacc-2026-11-26' },
            { materialCode: 'PHOTO', reference: 'upload:photo-2026-11-26' },
          ],
        };
        const result = data(await stack.query(SUBMIT, { input: complete }, 'app')).submitCase;
        expect(result.case.status).toBe('ACCEPTED');
        expect(result.case.channel).toBe('APP');
        expect(result.outstanding).toEqual([]);
      });

      it.each([
        [
          'an unknown matter',
          { ...input, matterCode: 'XX-999', idempotencyKey: 'bad-input-0001' },
          'UNKNOWN_MATTER',
        ],
        [
          'a company applying for a citizen matter',
          { ...input, applicant: { companyUscc: GOLDEN.restaurant }, idempotencyKey: 'bad-input-0002' },
          'WRONG_APPLICANT_KIND',
        ],
        ['a malformed idempotency key', { ...input, idempotencyKey: 'no' }, 'INVALID_IDEMPOTENCY_KEY'],
        [
          'an invalid identity number',
          { ...input, applicant: { personId: '310107199003070018' }, idempotencyKey: 'bad-input-0003' },
          'INVALID_IDENTITY_NUMBER',
        ],
      ])('refuses %s with a typed error and writes no case', async (_what, bad, code) => {
        const before = data(await stack.query(CASES_OF, { id: GOLDEN.zhangWei })).person.cases.length;
        const reply = await stack.query(SUBMIT, { input: bad }, 'portal');
        expect(reply.body.data).toBeNull();
        expect(errorCode(reply)).toBe(code);
        expect(data(await stack.query(CASES_OF, { id: GOLDEN.zhangWei })).person.cases).toHaveLength(before);
      });

      it('refuses a move the case state machine does not allow, naming both states', async () => {
        const reply = await stack.query(
          'mutation { transitionCase(id: "C2026110200001", to: IN_REVIEW) { id } }',
        );
        expect(errorCode(reply)).toBe('ILLEGAL_TRANSITION');
        expect(reply.body.errors![0]!.message).toMatch(/ISSUED.*IN_REVIEW/);
      });
    });

    describe('one licence for one industry', () => {
      it('names the permit the restaurant is missing and the department that issues it', async () => {
        const l = data(await stack.query(LICENCE, { uscc: GOLDEN.restaurant, industry: 'restaurant' }))
          .company.industryLicence;
        expect(l.status).toBe('INCOMPLETE');
        expect(l.licence).toBeNull();
        expect(l.components.filter((c: Data) => c.status !== 'VALID')).toEqual([
          {
            certificateType: 'PUBLIC_PLACE_HEALTH_PERMIT',
            status: 'EXPIRED',
            department: { code: 'health', name: '卫生健康委员会' },
          },
        ]);
        expect(l.components.map((c: Data) => c.certificateType)).toEqual([
          'BUSINESS_LICENCE',
          'FOOD_BUSINESS_PERMIT',
          'PUBLIC_PLACE_HEALTH_PERMIT',
          'TAX_REGISTRATION',
        ]);
      });

      it('refuses the combined licence while a component is missing, listing it', async () => {
        const reply = await stack.query(
          `mutation { applyIndustryLicence(input: { uscc: "${GOLDEN.restaurant}", industry: "restaurant", idempotencyKey: "ind-restaurant-0001" }) {
              case { status } industryLicence { status } } }`,
        );
        expect(data(reply).applyIndustryLicence).toEqual({
          case: { status: 'PRECHECK_FAILED' },
          industryLicence: { status: 'INCOMPLETE' },
        });
      });

      it("issues the comprehensive licence once the health permit is granted in the health department's flow", async () => {
        const approve = await stack.query(
          'mutation { transitionCase(id: "C2026112000001", to: APPROVED, note: "site inspection passed") { status } }',
        );
        expect(data(approve).transitionCase.status).toBe('APPROVED');
        const issue = data(
          await stack.query(
            'mutation { transitionCase(id: "C2026112000001", to: ISSUED) { status issuedCertificate { id type status issuer { code } } } }',
          ),
        ).transitionCase;
        expect(issue).toMatchObject({
          status: 'ISSUED',
          issuedCertificate: {
            type: 'PUBLIC_PLACE_HEALTH_PERMIT',
            status: 'VALID',
            issuer: { code: 'health' },
          },
        });

        const ready = data(await stack.query(LICENCE, { uscc: GOLDEN.restaurant, industry: 'restaurant' }))
          .company.industryLicence;
        expect(ready.status).toBe('COMPLETE');
        expect(ready.components.every((c: Data) => c.status === 'VALID')).toBe(true);

        const applied = data(
          await stack.query(
            `mutation { applyIndustryLicence(input: { uscc: "${GOLDEN.restaurant}", industry: "restaurant", idempotencyKey: "ind-restaurant-0002" }) {
                case { status issuedCertificate { id type title issuer { code } } } industryLicence { status } } }`,
          ),
        ).applyIndustryLicence;
        expect(applied.case.status).toBe('ISSUED');
        expect(applied.case.issuedCertificate).toMatchObject({
          type: 'INDUSTRY_COMPREHENSIVE_LICENCE',
          title: '行业综合许可证',
          issuer: { code: 'service-center' },
        });
        expect(applied.industryLicence.status).toBe('ISSUED');
      });

      it('finds the pharmacy complete from the start', async () => {
        const l = data(await stack.query(LICENCE, { uscc: GOLDEN.pharmacy, industry: 'pharmacy' })).company
          .industryLicence;
        expect(l.status).toBe('COMPLETE');
        expect(l.components.every((c: Data) => c.status === 'VALID')).toBe(true);
      });
    });

    describe('e-certificates instead of paper', () => {
      const VERIFY = /* GraphQL */ `
        query Verify($id: ID, $document: String, $code: String) {
          verifyCertificate(id: $id, document: $document, verificationCode: $code) {
            valid
            reasons
            certificate {
              id
            }
          }
        }
      `;

      it('prints a PDF at the terminal whose QR code verifies, and refuses a tampered copy with the reason', async () => {
        const printed = data(
          await stack.query(
            '{ certificate(id: "HS-RE-2019-012345") { printable { pdfBase64 verificationCode qrPayload fileName } } }',
            {},
            'terminal',
          ),
        ).certificate.printable;
        const pdf = Buffer.from(printed.pdfBase64, 'base64');
        expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
        const inspected = await inspectPdf(pdf);
        expect(inspected.text).toContain(printed.verificationCode);
        expect(inspected.text).toContain('不动产权证书');
        const scanned = readQr(inspected.images[0]!);
        expect(scanned).toBe(printed.qrPayload);

        expect(data(await stack.query(VERIFY, { document: scanned }, 'terminal')).verifyCertificate).toEqual({
          valid: true,
          reasons: [],
          certificate: { id: 'HS-RE-2019-012345' },
        });
        expect(
          data(await stack.query(VERIFY, { code: printed.verificationCode })).verifyCertificate.valid,
        ).toBe(true);

        const tampered = tamper(scanned!);
        const refused = data(await stack.query(VERIFY, { document: tampered })).verifyCertificate;
        expect(refused.valid).toBe(false);
        expect(refused.reasons).toEqual(expect.arrayContaining(['TAMPERED']));
      });

      it('says why an expired certificate fails', async () => {
        const v = data(await stack.query(VERIFY, { id: 'HL-PPH-2023-0107-0412' })).verifyCertificate;
        expect(v).toEqual({
          valid: false,
          reasons: ['EXPIRED'],
          certificate: { id: 'HL-PPH-2023-0107-0412' },
        });
      });
    });

    describe('digital ID (Suishenma)', () => {
      const ISSUE =
        'mutation($p: ID, $c: ID) { issueDigitalId(person: $p, company: $c) { code qrPngBase64 expiresAt } }';
      const VERIFY_ID =
        'mutation($code: String!, $scene: DigitalIdScene!) { verifyDigitalId(code: $code, scene: $scene) { scene holderKind maskedName mayBorrow insuredStatus concession } }';

      it.each([
        [GOLDEN.chanKaMing, '陳**'],
        [GOLDEN.foreigner, 'W******** J****'],
        [GOLDEN.zhangWei, '张*'],
      ])(
        'gives %s a code that the library accepts, learning only a masked name and the right to borrow',
        async (id, masked) => {
          const issued = data(await stack.query(ISSUE, { p: id }, 'app')).issueDigitalId;
          expect(issued.qrPngBase64.length).toBeGreaterThan(100);
          const seen = data(
            await stack.query(VERIFY_ID, { code: issued.code, scene: 'LIBRARY' }, 'terminal'),
          ).verifyDigitalId;
          expect(seen).toEqual({
            scene: 'LIBRARY',
            holderKind: 'PERSON',
            maskedName: masked,
            mayBorrow: true,
            insuredStatus: null,
            concession: null,
          });
        },
      );

      it('tells social security the insured status and nothing about borrowing', async () => {
        const { code } = data(await stack.query(ISSUE, { p: GOLDEN.zhangWei }, 'app')).issueDigitalId;
        const seen = data(await stack.query(VERIFY_ID, { code, scene: 'SOCIAL_SECURITY' })).verifyDigitalId;
        expect(seen).toEqual({
          scene: 'SOCIAL_SECURITY',
          holderKind: 'PERSON',
          maskedName: '张*',
          mayBorrow: null,
          insuredStatus: 'INSURED',
          concession: null,
        });
      });

      it('refuses a forged code, a malformed one and a company at the library with distinct codes', async () => {
        const { code } = data(await stack.query(ISSUE, { p: GOLDEN.liNa }, 'app')).issueDigitalId;
        // A compact JWE: header, (empty) key, iv, ciphertext, tag. One changed character inside the ciphertext.
        const [header, encryptedKey, iv, ciphertext, tag] = code.split('.');
        const flipped = `${ciphertext.slice(0, 10)}${ciphertext[10] === 'A' ? 'B' : 'A'}${ciphertext.slice(11)}`;
        const forged = [header, encryptedKey, iv, flipped, tag].join('.');
        expect(errorCode(await stack.query(VERIFY_ID, { code: forged, scene: 'LIBRARY' }))).toBe(
          'DIGITAL_ID_FORGED',
        );
        expect(errorCode(await stack.query(VERIFY_ID, { code: 'not-a-code', scene: 'LIBRARY' }))).toBe(
          'DIGITAL_ID_MALFORMED',
        );
        const company = data(await stack.query(ISSUE, { c: GOLDEN.pharmacy }, 'app')).issueDigitalId;
        expect(errorCode(await stack.query(VERIFY_ID, { code: company.code, scene: 'LIBRARY' }))).toBe(
          'DIGITAL_ID_WRONG_SCENE',
        );
      });
    });
  });
}

/** The printed payload with one particular changed, as a forger would: "valid until 2099". */
function tamper(payload: string): string {
  const paper = decodeCertificateDocument(payload);
  const json = JSON.stringify({ ...paper, validUntil: '2099-12-31' });
  return DOCUMENT_PREFIX + Buffer.from(json).toString('base64url');
}
