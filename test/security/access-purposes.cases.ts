import { GOLDEN as G } from '../../mocks/data/golden';
import type { Caller, Stack } from '../helpers/stack';
import {
  AUDITOR,
  officerClaims,
  RESTAURANT_AGENT,
  TERMINAL,
  windowOfficer,
  ZHANG_WEI_CASE,
  ZHANG_WEI_CITIZEN,
} from './access-callers';

const NAME = 'query($id: ID!) { person(id: $id) { name } }';

/**
 * Purposes: an officer must state one, and only a purpose the registry and the case store
 * stand behind opens anything; every refusal comes before any legacy system is asked.
 */
export function describePurposes(stack: () => Stack): void {
  describe('purposes', () => {
    beforeEach(() => stack().resetCounters());
    const health = (purpose: string): Caller => ({
      claims: officerClaims('health-officer-11', 'health'),
      purpose,
    });
    const tax = (purpose: string): Caller => ({ claims: officerClaims('tax-officer-07', 'tax'), purpose });

    const cases: [string, string, string, Caller][] = [
      [
        'no purpose',
        'PURPOSE_REQUIRED',
        'Query.person: state the purpose in the x-purpose header (case:<id> or a statutory code)',
        windowOfficer(null),
      ],
      [
        'an unknown code',
        'PURPOSE_INVALID',
        'no statutory purpose NO-SUCH-PURPOSE in the registry',
        windowOfficer('NO-SUCH-PURPOSE'),
      ],
      [
        "the gateway's own ACCESS-CHECK",
        'PURPOSE_INVALID',
        'no statutory purpose ACCESS-CHECK in the registry',
        windowOfficer('ACCESS-CHECK'),
      ],
      [
        'a malformed purpose',
        'PURPOSE_INVALID',
        'x-purpose must be case:<case id> or a statutory purpose code',
        windowOfficer('case:42; DROP TABLE cases'),
      ],
      [
        "another department's statutory purpose (TAX-INSPECTION by a health officer)",
        'PURPOSE_INVALID',
        'purpose TAX-INSPECTION is not open to officers of health',
        health('TAX-INSPECTION'),
      ],
      [
        'a case that does not exist',
        'PURPOSE_INVALID',
        'case C2099010100001 does not exist',
        windowOfficer('case:C2099010100001'),
      ],
      [
        "a case of another department (a tax officer on Zhang Wei's public security case)",
        'PURPOSE_INVALID',
        `case ${ZHANG_WEI_CASE} is handled by public-security, not tax`,
        tax(`case:${ZHANG_WEI_CASE}`),
      ],
      [
        'a purpose stated by a citizen',
        'PURPOSE_INVALID',
        'only officers state a purpose; CITIZEN callers read by their role',
        { ...ZHANG_WEI_CITIZEN, purpose: 'IDENTITY-VERIFICATION' },
      ],
      [
        'a purpose stated by a company agent',
        'PURPOSE_INVALID',
        'only officers state a purpose; COMPANY_AGENT callers read by their role',
        { ...RESTAURANT_AGENT, purpose: `case:${ZHANG_WEI_CASE}` },
      ],
      [
        'a purpose stated by an auditor',
        'PURPOSE_INVALID',
        'only officers state a purpose; AUDITOR callers read by their role',
        { ...AUDITOR, purpose: 'IDENTITY-VERIFICATION' },
      ],
      [
        'a purpose stated by a terminal',
        'PURPOSE_INVALID',
        'only officers state a purpose; SERVICE callers read by their role',
        { ...TERMINAL, purpose: 'IDENTITY-VERIFICATION' },
      ],
    ];
    it.each(cases)(
      'refuses %s: 403 %s, before any legacy system is asked',
      async (_name, code, message, as) => {
        const reply = await stack().query(NAME, { id: G.zhangWei }, 'counter', as);
        expect(reply).toEqual({ status: 403, body: { errors: [{ message, extensions: { code } }] } });
        expect(Object.values(stack().legacyRequests()).every((n) => n === 0)).toBe(true);
      },
    );

    it("answers a statutory purpose's fields and refuses each field outside its list with FORBIDDEN", async () => {
      const reply = await stack().query(
        'query($id: ID!) { person(id: $id) { name birthDate householdAddress socialSecurity { cardNumber } } }',
        { id: G.wangQiang },
        'counter',
        windowOfficer('IDENTITY-VERIFICATION'),
      );
      expect(reply.body).toEqual({
        data: {
          person: { name: '王强', birthDate: '1978-02-03', householdAddress: null, socialSecurity: null },
        },
        errors: expect.arrayContaining([
          {
            message: 'Person.householdAddress is outside the stated purpose',
            path: ['person', 'householdAddress'],
            extensions: { code: 'FORBIDDEN', department: 'public-security' },
          },
          {
            message: 'Person.socialSecurity is outside the stated purpose',
            path: ['person', 'socialSecurity'],
            extensions: { code: 'FORBIDDEN', department: 'human-resources' },
          },
        ]),
      });
      expect(reply.body.errors).toHaveLength(2);
    });
  });
}
