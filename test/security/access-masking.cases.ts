import { GOLDEN as G } from '../../mocks/data/golden';
import type { Caller, Stack } from '../helpers/stack';
import {
  LI_NA_CITIZEN,
  officerClaims,
  RESTAURANT_AGENT,
  RESTAURANT_CASE,
  TERMINAL,
  windowOfficer,
  ZHANG_WEI_CASE,
  ZHANG_WEI_CITIZEN,
} from './access-callers';

/**
 * Masking per role, spelled out with the golden values: identity numbers keep their first and
 * last four characters, addresses their district, health data becomes null (and the library
 * leaves health documents out), unless the role and purpose need them.
 */
export function describeMasking(stack: () => Stack): void {
  describe('masking per role', () => {
    const HEALTH = /* GraphQL */ `
      query Health($id: ID!) {
        person(id: $id) {
          id
          documentNumber
          householdAddress
          socialSecurity {
            cardNumber
          }
          healthCertificates {
            number
          }
          birthMedicalCertificate {
            number
          }
          certificates(type: "HEALTH_CERTIFICATE") {
            id
          }
        }
      }
    `;
    const ask = (query: string, variables: Record<string, unknown>, as: Caller) =>
      stack().query(query, variables, as.claims?.role === 'officer' ? 'counter' : 'app', as);

    it("shows a citizen their own record and their minor child's unmasked, health data included", async () => {
      expect((await ask(HEALTH, { id: G.zhangWei }, ZHANG_WEI_CITIZEN)).body).toEqual({
        data: {
          person: {
            id: '310107199003070017',
            documentNumber: '310107199003070017',
            householdAddress: '上海市普陀区长寿路588弄12号602室',
            socialSecurity: { cardNumber: 'SH0017350017' },
            healthCertificates: [{ number: '普卫健(2026)000173' }],
            birthMedicalCertificate: null,
            certificates: [{ id: 'HL-HC-2026-000173' }],
          },
        },
      });
      expect((await ask(HEALTH, { id: G.zhangXiaoyu }, LI_NA_CITIZEN)).body).toEqual({
        data: {
          person: {
            id: '310107202308150047',
            documentNumber: '310107202308150047',
            householdAddress: '上海市普陀区长寿路588弄12号602室',
            socialSecurity: null,
            healthCertificates: [],
            birthMedicalCertificate: { number: 'Q310512347' },
            certificates: [],
          },
        },
      });
    });

    it('shows an officer on a case identity numbers and addresses, but no health data outside health', async () => {
      expect((await ask(HEALTH, { id: G.zhangWei }, windowOfficer(`case:${ZHANG_WEI_CASE}`))).body).toEqual({
        data: {
          person: {
            id: '310107199003070017',
            documentNumber: '310107199003070017',
            householdAddress: '上海市普陀区长寿路588弄12号602室',
            socialSecurity: { cardNumber: 'SH0017350017' },
            healthCertificates: null,
            birthMedicalCertificate: null,
            certificates: [],
          },
        },
      });
      const health: Caller = {
        claims: officerClaims('health-officer-11', 'health'),
        purpose: `case:${RESTAURANT_CASE}`,
      };
      expect((await ask(HEALTH, { id: G.zhangWei }, health)).body).toEqual({
        data: {
          person: {
            id: '310107199003070017',
            documentNumber: '310107199003070017',
            householdAddress: '上海市普陀区长寿路588弄12号602室',
            socialSecurity: { cardNumber: 'SH0017350017' },
            healthCertificates: [{ number: '普卫健(2026)000173' }],
            birthMedicalCertificate: null,
            certificates: [{ id: 'HL-HC-2026-000173' }],
          },
        },
      });
    });

    it('masks Person.id for a tax inspector (a key the gateway masks: 3101**********0017)', async () => {
      const inspector: Caller = { claims: officerClaims('tax-officer-07', 'tax'), purpose: 'TAX-INSPECTION' };
      const reply = await ask(
        'query($u: ID!) { company(uscc: $u) { legalRepresentative { id name } } }',
        { u: G.restaurant },
        inspector,
      );
      expect(reply.body).toEqual({
        data: { company: { legalRepresentative: { id: '3101**********0017', name: '张伟' } } },
      });
    });

    it("masks a property's address to its district for the company's agent (上海市普陀区****)", async () => {
      const reply = await ask(
        'query($u: ID!) { company(uscc: $u) { address properties { certificateNumber address } } }',
        { u: G.restaurant },
        RESTAURANT_AGENT,
      );
      expect(reply.body).toEqual({
        data: {
          company: {
            address: '上海市普陀区曹杨路1040号1层',
            properties: [
              { certificateNumber: '沪(2020)普字不动产权第007730号', address: '上海市普陀区****' },
            ],
          },
        },
      });
    });

    it('tells a verification terminal whether a certificate is valid, not whose it is', async () => {
      const code = (
        await stack().query('{ certificate(id: "PS-ID-310107198511220021") { verificationCode } }')
      ).body.data as { certificate: { verificationCode: string } };
      const reply = await stack().query(
        'query($v: String) { verifyCertificate(verificationCode: $v) { valid certificate { id number } } }',
        { v: code.certificate.verificationCode },
        'terminal',
        TERMINAL,
      );
      expect(reply.body).toEqual({
        data: { verifyCertificate: { valid: true, certificate: null } },
        errors: [
          {
            message: 'this Certificate is not data this request may touch',
            path: ['verifyCertificate', 'certificate', 'id'],
            extensions: { code: 'FORBIDDEN', department: 'big-data-center' },
          },
        ],
      });
    });
  });
}
