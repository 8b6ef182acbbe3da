import { signedCall } from '../../mocks/big-data-center/test-support';
import { GOLDEN as G } from '../../mocks/data/golden';
import type { Caller, GraphQLReply, Stack } from '../helpers/stack';
import {
  AUDITOR,
  LI_NA_CITIZEN,
  officerClaims,
  RESTAURANT_AGENT,
  RESTAURANT_CASE,
  TERMINAL,
  windowOfficer,
  ZHANG_WEI_CASE,
  ZHANG_WEI_CITIZEN,
} from './access-callers';
import { channelOf, e2eData } from './access-support';

const TRANSITION =
  'mutation($id: ID!) { transitionCase(id: $id, to: APPROVED, note: "security suite") { id status } }';
const SUBMIT = 'mutation($input: SubmitCaseInput!) { submitCase(input: $input) { case { id status } } }';
const APPLY =
  'mutation($input: ApplyIndustryLicenceInput!) { applyIndustryLicence(input: $input) { case { id } } }';
const ISSUE = 'mutation($p: ID, $c: ID) { issueDigitalId(person: $p, company: $c) { code expiresAt } }';
const VERIFY =
  'mutation($code: String!) { verifyDigitalId(code: $code, scene: LIBRARY) { scene maskedName mayBorrow } }';
const CASE_STATE = 'query($id: ID!) { case(id: $id) { status history { to } } }';
const PERSON_CASES = 'query($id: ID!) { person(id: $id) { cases { id } } }';
const COMPANY_CASES = 'query($u: ID!) { company(uscc: $u) { cases { id } } }';

/** A request refused whole at the gateway: 403, the code and message, no data. */
const refused = (code: string, message: string): GraphQLReply => ({
  status: 403,
  body: { errors: [{ message, extensions: { code } }] },
});

/**
 * Mutations act only for whom the caller may act: an officer moves only the case they state
 * as purpose; a citizen or an agent applies and asks for codes only for themself (and a minor
 * child) or their company; only a scoped terminal verifies a code. A refused mutation changes nothing.
 */
export function describeMutations(stack: () => Stack): void {
  describe('mutations', () => {
    const send = (query: string, variables: Record<string, unknown>, as: Caller) =>
      stack().query(query, variables, channelOf(as), as);
    const legacyQuiet = () => Object.values(stack().legacyRequests()).every((n) => n === 0);
    /** Works out whose data each caller may touch before counting, so the counters see only the refused requests. */
    async function warmUp(...callers: Caller[]) {
      for (const as of callers) await send('{ me { role } }', {}, as);
      stack().resetCounters();
    }

    it('moves a case only for an officer stating that case; every other caller changes nothing', async () => {
      const before = await e2eData(stack(), CASE_STATE, { id: RESTAURANT_CASE });
      expect(before).toEqual({ case: { status: 'IN_REVIEW', history: expect.any(Array) } });
      const healthOfficer = (purpose: string): Caller => ({
        claims: officerClaims('health-officer-11', 'health'),
        purpose,
      });
      const tax: Caller = {
        claims: officerClaims('tax-officer-07', 'tax'),
        purpose: `case:${RESTAURANT_CASE}`,
      };
      const attempts: [Caller, GraphQLReply][] = [
        [
          windowOfficer(null),
          refused(
            'PURPOSE_REQUIRED',
            'Mutation.transitionCase: state the purpose in the x-purpose header (case:<id> or a statutory code)',
          ),
        ],
        [
          windowOfficer(`case:${ZHANG_WEI_CASE}`),
          refused(
            'PURPOSE_INVALID',
            `Mutation.transitionCase acts on case ${RESTAURANT_CASE}: state x-purpose case:${RESTAURANT_CASE} (a case you handle)`,
          ),
        ],
        [
          windowOfficer('IDENTITY-VERIFICATION'),
          refused('PURPOSE_INVALID', 'purpose IDENTITY-VERIFICATION does not cover Mutation.transitionCase'),
        ],
        [tax, refused('PURPOSE_INVALID', `case ${RESTAURANT_CASE} is handled by health, not tax`)],
        [RESTAURANT_AGENT, refused('FORBIDDEN', 'Mutation.transitionCase is not open to COMPANY_AGENT')],
        [ZHANG_WEI_CITIZEN, refused('FORBIDDEN', 'Mutation.transitionCase is not open to CITIZEN')],
        [AUDITOR, refused('FORBIDDEN', 'Mutation.transitionCase is not open to AUDITOR')],
        [TERMINAL, refused('FORBIDDEN', 'Mutation.transitionCase is not open to SERVICE')],
      ];
      await warmUp(...attempts.map(([as]) => as).filter((as) => as !== tax));
      const replies = [];
      for (const [as] of attempts) replies.push(await send(TRANSITION, { id: RESTAURANT_CASE }, as));
      expect(replies).toEqual(attempts.map(([, reply]) => reply));
      expect(legacyQuiet()).toBe(true);
      expect(await e2eData(stack(), CASE_STATE, { id: RESTAURANT_CASE })).toEqual(before);

      // The health department's officer on the case may move it.
      const moved = await send(TRANSITION, { id: RESTAURANT_CASE }, healthOfficer(`case:${RESTAURANT_CASE}`));
      expect(moved.body).toEqual({ data: { transitionCase: { id: RESTAURANT_CASE, status: 'APPROVED' } } });
      const after = (await e2eData(stack(), CASE_STATE, { id: RESTAURANT_CASE })) as {
        case: { status: string; history: { to: string }[] };
      };
      const history = (before.case as { history: { to: string }[] }).history;
      expect(after.case).toEqual({ status: 'APPROVED', history: [...history, { to: 'APPROVED' }] });
    });

    it("refuses submitCase and applyIndustryLicence for someone else's person or company, opening no case", async () => {
      const cases = async () => ({
        liNa: await e2eData(stack(), PERSON_CASES, { id: G.liNa }),
        wangQiang: await e2eData(stack(), PERSON_CASES, { id: G.wangQiang }),
        pharmacy: await e2eData(stack(), COMPANY_CASES, { u: G.pharmacy }),
        restaurant: await e2eData(stack(), COMPANY_CASES, { u: G.restaurant }),
      });
      const before = await cases();
      const submit = (applicant: Record<string, string>, key: string) => ({
        input: { matterCode: 'ED-001', applicant, idempotencyKey: `security-${key}` },
      });
      const attempts: [string, Record<string, unknown>, Caller, GraphQLReply][] = [
        [
          SUBMIT,
          submit({ personId: G.liNa }, 'zw-for-li-na'),
          ZHANG_WEI_CITIZEN,
          refused('FORBIDDEN', `Person "${G.liNa}" is not data this request may touch`),
        ],
        [
          SUBMIT,
          submit({ personId: G.wangQiang }, 'zw-for-wang-qiang'),
          ZHANG_WEI_CITIZEN,
          refused('FORBIDDEN', `Person "${G.wangQiang}" is not data this request may touch`),
        ],
        [
          SUBMIT,
          submit({ companyUscc: G.restaurant }, 'zw-for-restaurant'),
          ZHANG_WEI_CITIZEN,
          refused('FORBIDDEN', `Company "${G.restaurant}" is not data this request may touch`),
        ],
        [
          SUBMIT,
          submit({ companyUscc: G.pharmacy }, 'agent-for-pharmacy'),
          RESTAURANT_AGENT,
          refused('FORBIDDEN', `Company "${G.pharmacy}" is not data this request may touch`),
        ],
        [
          APPLY,
          { input: { uscc: G.pharmacy, industry: 'pharmacy', idempotencyKey: 'security-agent-pharmacy' } },
          RESTAURANT_AGENT,
          refused('FORBIDDEN', `Company "${G.pharmacy}" is not data this request may touch`),
        ],
        [
          APPLY,
          {
            input: {
              uscc: G.restaurant,
              industry: 'restaurant',
              idempotencyKey: 'security-citizen-restaurant',
            },
          },
          ZHANG_WEI_CITIZEN,
          refused('FORBIDDEN', 'Mutation.applyIndustryLicence is not open to CITIZEN'),
        ],
      ];
      await warmUp(ZHANG_WEI_CITIZEN, RESTAURANT_AGENT);
      const replies = [];
      for (const [query, variables, as] of attempts) replies.push(await send(query, variables, as));
      expect(replies).toEqual(attempts.map(([, , , reply]) => reply));
      expect(legacyQuiet()).toBe(true);
      expect(await cases()).toEqual(before);
    });

    it('lets a citizen apply for their minor child', async () => {
      const before = (await e2eData(stack(), PERSON_CASES, { id: G.zhangXiaoyu })) as {
        person: { cases: { id: string }[] };
      };
      const reply = await send(
        SUBMIT,
        {
          input: {
            matterCode: 'ED-001',
            applicant: { personId: G.zhangXiaoyu },
            idempotencyKey: 'security-zw-child',
          },
        },
        ZHANG_WEI_CITIZEN,
      );
      expect(reply.status).toBe(200);
      const opened = (reply.body.data as { submitCase: { case: { id: string } } }).submitCase.case.id;
      expect(await e2eData(stack(), PERSON_CASES, { id: G.zhangXiaoyu })).toEqual({
        person: { cases: [{ id: opened }, ...before.person.cases] },
      });
    });

    /**
     * A code as the Big Data Center issues it to the citizen's app. Taken from the platform
     * itself: issuing through the graph also draws the code's QR image, which takes seconds
     * under Jest (pngjs in a vm context) and would pass the 5 s deadline on a busy machine.
     */
    const platformCode = async (id: string) => {
      const issued = await signedCall(stack().mocks['big-data-center']!, 'POST', '/v1/suishenma:issue', {
        holder: { type: 'PERSON', id },
      });
      expect(issued.status).toBe(200);
      return issued.body.code as string;
    };

    it('refuses a digital ID for another person or company, minting no code', async () => {
      await warmUp(ZHANG_WEI_CITIZEN, LI_NA_CITIZEN, RESTAURANT_AGENT);
      const attempts: [Record<string, string>, Caller, GraphQLReply][] = [
        [
          { p: G.liNa },
          ZHANG_WEI_CITIZEN,
          refused('FORBIDDEN', `Person "${G.liNa}" is not data this request may touch`),
        ],
        [
          { p: G.zhangWei },
          LI_NA_CITIZEN,
          refused('FORBIDDEN', `Person "${G.zhangWei}" is not data this request may touch`),
        ],
        [
          { c: G.restaurant },
          ZHANG_WEI_CITIZEN,
          refused('FORBIDDEN', `Company "${G.restaurant}" is not data this request may touch`),
        ],
        [
          { c: G.pharmacy },
          RESTAURANT_AGENT,
          refused('FORBIDDEN', `Company "${G.pharmacy}" is not data this request may touch`),
        ],
        [{ p: G.zhangWei }, AUDITOR, refused('FORBIDDEN', 'Mutation.issueDigitalId is not open to AUDITOR')],
        [{ p: G.zhangWei }, TERMINAL, refused('FORBIDDEN', 'Mutation.issueDigitalId is not open to SERVICE')],
      ];
      const replies = [];
      for (const [variables, as] of attempts) replies.push(await send(ISSUE, variables, as));
      expect(replies).toEqual(attempts.map(([, , reply]) => reply));
      // No code was minted: the Big Data Center (which signs them) was never asked.
      expect(legacyQuiet()).toBe(true);
    });

    it('verifies a digital ID for a terminal holding digital-id:verify, and for no one without it', async () => {
      const code = await platformCode(G.zhangXiaoyu);
      const unscoped: Caller = { claims: { ...TERMINAL.claims!, scope: 'certificate:verify' } };
      const notOpen = (role: string) =>
        refused(
          'FORBIDDEN',
          `Mutation.verifyDigitalId is not open to ${role} (clients need scope digital-id:verify)`,
        );
      const attempts: [Caller, GraphQLReply][] = [
        [unscoped, notOpen('SERVICE')],
        [ZHANG_WEI_CITIZEN, notOpen('CITIZEN')],
        [RESTAURANT_AGENT, notOpen('COMPANY_AGENT')],
        [AUDITOR, notOpen('AUDITOR')],
      ];
      const replies = [];
      for (const [as] of attempts) replies.push(await send(VERIFY, { code }, as));
      expect(replies).toEqual(attempts.map(([, reply]) => reply));
      expect((await send(VERIFY, { code }, TERMINAL)).body).toEqual({
        data: { verifyDigitalId: { scene: 'LIBRARY', maskedName: '张**', mayBorrow: false } },
      });
    });
  });
}
