import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { request } from 'undici';
import { HttpUpstream } from '../../adapters/kit/http-upstream';
import { HouseholdClient } from '../../adapters/public-security/client';
import { COUNTER_VIEW_QUERY } from '../../gateway/first-query';
import { GOLDEN } from '../../mocks/data/golden';
import type { TaxMockHandle } from '../../mocks/tax/server';
import { startStack, type Caller, type GraphQLReply, type Stack, type StackOptions } from '../helpers/stack';
import {
  gb18030Bytes,
  INJECTIONS,
  paperWith,
  PASSING_INJECTIONS,
  qcrtRecord,
  refusedAtGateway,
  REFUSED_CERTIFICATE_NUMBERS,
  soapQueryPerson,
  VISIBLE_INJECTIONS,
} from './injection-strings';

/**
 * Injection strings in every argument a client can send, through the gateway, with what each
 * legacy mock received inspected: either nothing (the argument was refused first) or the string
 * as data (a space-padded fixed-width field, a JSON string, a bound SQL parameter). A NUL is
 * refused by the gateway itself, in any argument, before anything runs (`unlessNul`). The same
 * cases run on embedded defaults (injection.test.ts) and with the tax bureau on MariaDB behind
 * its wire proxy (injection.integration.test.ts), where the SQL text and bound parameters are seen.
 */

/** The real estate certificate number of Zhang Wei's flat (30 GB18030 bytes). */
const FLAT = '沪(2019)普字不动产权第012345号';
/** The one statement the tax adapter prepares (tax/client.ts), as the wire proxy records it. */
const TAX_SQL =
  'SELECT NSRSBH, DJRQ, XYDJ, SWJG_DM, SWJGMC, NSRZT, QSJE, ZJSBQ FROM V_GX_NSRZT WHERE NSRSBH IN (?)';

const PERSON = 'query($id: ID!) { person(id: $id) { id name } }';
const COMPANY = 'query($u: ID!) { company(uscc: $u) { uscc name } }';
const CERTIFICATE = 'query($id: ID!) { certificate(id: $id) { id } }';
const VERIFY = /* GraphQL */ `
  query ($id: ID, $document: String, $verificationCode: String) {
    verifyCertificate(id: $id, document: $document, verificationCode: $verificationCode) {
      valid
      reasons
      certificate {
        id
      }
    }
  }
`;
const PROPERTY = 'query($n: String!) { propertyByCertificateNumber(certificateNumber: $n) { unitNumber } }';
const ISSUE_DIGITAL_ID = 'mutation($p: ID, $c: ID) { issueDigitalId(person: $p, company: $c) { expiresAt } }';
const VERIFY_DIGITAL_ID =
  'mutation($code: String!) { verifyDigitalId(code: $code, scene: LIBRARY) { scene } }';
const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitCaseInput!) {
    submitCase(input: $input) {
      case {
        id
        status
        materials {
          material {
            code
          }
          status
          reference
        }
      }
    }
  }
`;
const TRANSITION = /* GraphQL */ `
  mutation ($id: ID!, $note: String) {
    transitionCase(id: $id, to: IN_REVIEW, note: $note) {
      status
      history {
        to
        note
      }
    }
  }
`;
const APPLY_LICENCE = /* GraphQL */ `
  mutation ($input: ApplyIndustryLicenceInput!) {
    applyIndustryLicence(input: $input) {
      case {
        id
      }
    }
  }
`;
const CATALOGUE = /* GraphQL */ `
  query ($code: ID!) {
    byDepartment: matters(department: $code) {
      totalCount
    }
    matter(code: $code) {
      code
    }
    department(code: $code) {
      code
    }
    case(id: $code) {
      id
    }
  }
`;
const SEARCH = 'query($s: String) { matters(search: $s) { totalCount } }';

/** What the client sees: the data, and each error as [code, department]. */
function outcome(reply: GraphQLReply) {
  return {
    data: reply.body.data,
    errors: reply.body.errors?.map((e) => [e.extensions?.code, e.extensions?.department]),
  };
}

/** The same error `n` times, as `outcome` lists them. */
const times = (n: number, code: string, department: string) =>
  Array.from({ length: n }, () => [code, department]);

/**
 * What the client sees when the gateway refuses a NUL before anything runs: HTTP 400 (checked
 * once, in its own test below) with INVALID_ARGUMENT and no department, no data at all.
 */
const NUL_REFUSED = { data: undefined, errors: [['INVALID_ARGUMENT', undefined]] };

/** Whether a string, or any string inside variables, holds a NUL the gateway refuses. */
function carriesNul(v: unknown): boolean {
  if (typeof v === 'string') return refusedAtGateway(v);
  return typeof v === 'object' && v !== null && Object.values(v).some(carriesNul);
}

/** `expected` for what was sent (a string or the variables), unless it carries a NUL: then the gateway's refusal. */
function unlessNul<T>(sent: unknown, expected: T): T | typeof NUL_REFUSED {
  return carriesNul(sent) ? NUL_REFUSED : expected;
}

/**
 * A query asking `field(arg: $vN)` once per injection under aliases v0, v1...; the variables to
 * go with it. By default the injections that pass the gateway: with the NUL among them the
 * gateway refuses the whole request, and the others would test nothing.
 */
function aliased(
  field: string,
  arg: string,
  type: string,
  selection = '',
  injections: readonly (readonly [string, string])[] = PASSING_INJECTIONS,
) {
  const vars = injections.map((_, i) => `$v${i}: ${type}`).join(', ');
  const fields = injections.map((_, i) => `v${i}: ${field}(${arg}: $v${i})${selection}`).join(' ');
  const variables = Object.fromEntries(injections.map(([, s], i) => [`v${i}`, s]));
  return {
    vars,
    fields,
    variables,
    each: <T>(v: T) => Object.fromEntries(injections.map((_, i) => [`v${i}`, v])),
  };
}

export function describeInjection(title: string, options: () => StackOptions): void {
  describe(title, () => {
    let stack: Stack;
    let taxRowsBefore: Record<string, number>;

    /** Rows of the bureau's register table and of the view the adapter reads, straight from the database. */
    async function taxRows(): Promise<Record<string, number>> {
      const sql =
        'SELECT (SELECT COUNT(*) FROM DJ_NSRXX) AS register, (SELECT COUNT(*) FROM V_GX_NSRZT) AS view';
      const tax = stack.mocks.tax as TaxMockHandle;
      if (tax.backend === 'sqlite') {
        const db = new Database(tax.sqlitePath!, { readonly: true, fileMustExist: true });
        try {
          return db.prepare(sql).get() as Record<string, number>;
        } finally {
          db.close();
        }
      }
      const conn = await mysql.createConnection(options().mariadbUrl!);
      try {
        const [rows] = await conn.query(sql);
        const row = (rows as Record<string, unknown>[])[0]!;
        return { register: Number(row.register), view: Number(row.view) };
      } finally {
        await conn.end();
      }
    }

    /** What each legacy system received since the reset; systems that received nothing are left out. */
    function reached(): Record<string, string[]> {
      const out: Record<string, string[]> = {};
      for (const [department, mock] of Object.entries(stack.mocks)) {
        const received = mock.controller.received();
        if (received.length > 0) out[department] = received;
      }
      return out;
    }

    /**
     * Exactly these requests reached the legacy systems (none elsewhere), and the request counters
     * agree, the tax adapter's own included (an embedded SQLite file has no wire to record).
     */
    function expectReached(expected: Record<string, string[]>): void {
      expect(reached()).toEqual(expected);
      const counts = Object.fromEntries(Object.entries(stack.legacyRequests()).filter(([, n]) => n > 0));
      expect(counts).toEqual(Object.fromEntries(Object.entries(expected).map(([d, r]) => [d, r.length])));
    }
    const expectNothingReached = () => expectReached({});

    beforeAll(async () => {
      stack = await startStack(options());
      taxRowsBefore = await taxRows();
    }, 60_000);
    afterAll(() => stack?.close());
    beforeEach(() => stack.resetCounters());

    describe('a NUL anywhere in a request (gateway/limits/control-characters.ts)', () => {
      const refusedAt = (where: string) => ({
        status: 400,
        body: {
          errors: [
            {
              message: `the request holds U+0000 (NUL) at ${where}; no argument may carry it`,
              extensions: { code: 'INVALID_ARGUMENT' },
            },
          ],
        },
      });

      it('is refused with HTTP 400 INVALID_ARGUMENT naming where it was, before anything runs', async () => {
        const input = {
          matterCode: 'ED-001',
          applicant: { personId: GOLDEN.zhangWei },
          idempotencyKey: 'inj-nul-0001',
          suppliedMaterials: [{ materialCode: 'PHOTO', reference: 'a\u0000zzz' }],
        };
        expect(await stack.query(SUBMIT, { input }, 'portal')).toEqual(
          refusedAt('variables.input.suppliedMaterials[0].reference'),
        );
        expectNothingReached();
      });

      it('is refused written into the operation text as a GraphQL escape, and before authentication', async () => {
        expect(await stack.query('{ person(id: "\\u0000") { id } }')).toEqual(refusedAt('query'));
        expect(await stack.query(PERSON, { id: '\u0000' }, 'counter', { token: null })).toEqual(
          refusedAt('variables.id'),
        );
        expectNothingReached();
      });

      it('is refused in the URL of a GET request too', async () => {
        const url = new URL(stack.gateway.url);
        url.searchParams.set('query', PERSON);
        url.searchParams.set('variables', JSON.stringify({ id: '\u0000' }));
        const res = await request(url, { headers: { 'apollo-require-preflight': 'true' } });
        expect({ status: res.statusCode, body: await res.body.json() }).toEqual(refusedAt('variables.id'));
        expectNothingReached();
      });
    });

    describe('Query.person(id) (SOAP/GB18030 registry, then every department by the id)', () => {
      it.each(INJECTIONS)(
        'refuses %s as INVALID_IDENTITY_NUMBER and asks no legacy system',
        async (_l, s) => {
          expect(outcome(await stack.query(PERSON, { id: s }))).toEqual(
            unlessNul(s, {
              data: { person: null },
              errors: [['INVALID_IDENTITY_NUMBER', 'public-security']],
            }),
          );
          expectNothingReached();
        },
      );

      it.each(VISIBLE_INJECTIONS)(
        'refuses a valid number followed by %s as INVALID_IDENTITY_NUMBER and asks no legacy system',
        async (_l, s) => {
          expect(outcome(await stack.query(PERSON, { id: GOLDEN.zhangWei + s }))).toEqual(
            unlessNul(s, {
              data: { person: null },
              errors: [['INVALID_IDENTITY_NUMBER', 'public-security']],
            }),
          );
          expectNothingReached();
        },
      );

      it('trims spaces and a CR LF around a valid number: only the canonical number travels, as SOAP text, a CSV line and a TCP key', async () => {
        const reply = await stack.query(
          'query($id: ID!) { person(id: $id) { id name socialSecurity { cardNumber } properties { unitNumber } } }',
          { id: `  ${GOLDEN.liNa}\r\n` },
        );
        expect(outcome(reply)).toEqual({
          data: {
            person: {
              id: GOLDEN.liNa,
              name: '李娜',
              socialSecurity: { cardNumber: 'SH0017220022' },
              properties: [{ unitNumber: 'PT-0588-12-0602' }],
            },
          },
          errors: undefined,
        });
        expectReached({
          'public-security': [soapQueryPerson(GOLDEN.liNa)],
          'human-resources': [`POST /bulk/ss-query\n${GOLDEN.liNa}\r\n`],
          housing: [`QOWN01P${GOLDEN.liNa}`],
        });
      });
    });

    describe('Query.company(uscc) (REST registry, then tax SQL, housing, health and the library by the code)', () => {
      it.each(INJECTIONS)('refuses %s as INVALID_CREDIT_CODE and asks no legacy system', async (_l, s) => {
        expect(outcome(await stack.query(COMPANY, { u: s }))).toEqual(
          unlessNul(s, {
            data: { company: null },
            errors: [['INVALID_CREDIT_CODE', 'market-supervision']],
          }),
        );
        expectNothingReached();
      });

      it.each(VISIBLE_INJECTIONS)(
        'refuses a valid code followed by %s as INVALID_CREDIT_CODE and asks no legacy system',
        async (_l, s) => {
          expect(outcome(await stack.query(COMPANY, { u: GOLDEN.restaurant + s }))).toEqual(
            unlessNul(s, {
              data: { company: null },
              errors: [['INVALID_CREDIT_CODE', 'market-supervision']],
            }),
          );
          expectNothingReached();
        },
      );
    });

    describe('the certificate library (signed REST/JSON)', () => {
      it.each(INJECTIONS)(
        'refuses certificate(id: %s) as INVALID_ARGUMENT and sends nothing',
        async (_l, s) => {
          expect(outcome(await stack.query(CERTIFICATE, { id: s }))).toEqual(
            unlessNul(s, {
              data: { certificate: null },
              errors: [['INVALID_ARGUMENT', 'big-data-center']],
            }),
          );
          expectNothingReached();
        },
      );

      it.each(VISIBLE_INJECTIONS)(
        'refuses a real certificate id followed by %s as INVALID_ARGUMENT and sends nothing',
        async (_l, s) => {
          expect(outcome(await stack.query(CERTIFICATE, { id: `HS-RE-2019-012345${s}` }))).toEqual(
            unlessNul(s, {
              data: { certificate: null },
              errors: [['INVALID_ARGUMENT', 'big-data-center']],
            }),
          );
          expectNothingReached();
        },
      );

      it.each(INJECTIONS)(
        'refuses %s as verifyCertificate id, verification code and document, each INVALID_ARGUMENT, sending nothing',
        async (_l, s) => {
          for (const variables of [
            { id: s },
            { verificationCode: s },
            { document: s },
            { document: paperWith(s, s) }, // base64url: a NUL inside passes the gateway as text
          ]) {
            expect(outcome(await stack.query(VERIFY, variables))).toEqual(
              unlessNul(variables, { data: null, errors: [['INVALID_ARGUMENT', 'big-data-center']] }),
            );
          }
          expectNothingReached();
        },
      );

      it.each(INJECTIONS.map(([l, s], i) => [l, s, `PS-INJ-${i}`] as const))(
        'checks a paper whose every free field is %s locally: only its well-formed id is looked up, its issuer code never reaches a URL',
        async (_l, s, id) => {
          expect(outcome(await stack.query(VERIFY, { document: paperWith(id, s) }))).toEqual({
            data: {
              verifyCertificate: {
                valid: false,
                reasons: ['UNKNOWN_ISSUER', 'UNKNOWN_CERTIFICATE'],
                certificate: null,
              },
            },
            errors: undefined,
          });
          expectReached({ 'big-data-center': [`POST /v1/certificates:batchGet\n{"ids":["${id}"]}`] });
        },
      );

      it('filters certificates(type:) by every injection locally: the library is asked for the holder only', async () => {
        const ask = (q: ReturnType<typeof aliased>) =>
          stack.query(`query($id: ID!, ${q.vars}) { person(id: $id) { ${q.fields} } }`, {
            id: GOLDEN.zhouYan,
            ...q.variables,
          });
        // With the NUL among them the gateway refuses the whole request.
        expect(outcome(await ask(aliased('certificates', 'type', 'String', ' { id }', INJECTIONS)))).toEqual(
          NUL_REFUSED,
        );
        expectNothingReached();
        const q = aliased('certificates', 'type', 'String', ' { id }');
        const reply = await ask(q);
        expect(outcome(reply)).toEqual({ data: { person: q.each([]) }, errors: undefined });
        expectReached({
          'public-security': [soapQueryPerson(GOLDEN.zhouYan)],
          'big-data-center': [
            `POST /v1/certificates:searchByHolders\n{"holders":[{"type":"PERSON","id":"${GOLDEN.zhouYan}"}],"pageSize":500}`,
          ],
        });
      });

      it("filters a company's certificates(type:) locally too: the registry and the library see the code only", async () => {
        const ask = (q: ReturnType<typeof aliased>) =>
          stack.query(`query($u: ID!, ${q.vars}) { company(uscc: $u) { ${q.fields} } }`, {
            u: GOLDEN.pharmacy,
            ...q.variables,
          });
        expect(outcome(await ask(aliased('certificates', 'type', 'String', ' { id }', INJECTIONS)))).toEqual(
          NUL_REFUSED,
        );
        expectNothingReached();
        const q = aliased('certificates', 'type', 'String', ' { id }');
        const reply = await ask(q);
        expect(outcome(reply)).toEqual({ data: { company: q.each([]) }, errors: undefined });
        expectReached({
          'market-supervision': [`GET /api/v2/enterprises?uscc=${GOLDEN.pharmacy}&page=1&page_size=20`],
          'big-data-center': [
            `POST /v1/certificates:searchByHolders\n{"holders":[{"type":"COMPANY","id":"${GOLDEN.pharmacy}"}],"pageSize":500}`,
          ],
        });
      });
    });

    describe('Suishenma codes', () => {
      // Only a citizen (for themself) or a company agent (for their company) may ask for a code, and only
      // an officer with the digital-id:verify scope may verify one (trust/policy/access-policy.json).
      const citizen: Caller = { claims: { role: 'citizen', sub: 'citizen-zw', person: GOLDEN.zhangWei } };
      const agent: Caller = { claims: { role: 'company_agent', sub: 'agent-r', company: GOLDEN.restaurant } };
      const scanner: Caller = {
        claims: {
          role: 'officer',
          sub: 'officer-scan',
          department: 'service-center',
          window: 'A-01',
          scope: 'digital-id:verify',
        },
      };

      // The gateway looks up whose data a citizen may touch (their own record and minor children) once
      // a minute; do it here so each case below sees only what its own argument causes. A request
      // about the child waits for the whole set before it runs, so nothing else runs beside the look-up.
      beforeAll(() =>
        stack.query(
          'query Child($id: ID!) { person(id: $id) { id } }',
          { id: GOLDEN.zhangXiaoyu },
          'app',
          citizen,
        ),
      );

      it.each(INJECTIONS)(
        'refuses %s as the holder of a code (FORBIDDEN at the gateway) and sends nothing',
        async (_l, s) => {
          const asCitizen = await stack.query(ISSUE_DIGITAL_ID, { p: s }, 'app', citizen);
          const asAgent = await stack.query(ISSUE_DIGITAL_ID, { c: s }, 'app', agent);
          for (const reply of [asCitizen, asAgent]) {
            expect(reply.status).toBe(refusedAtGateway(s) ? 400 : 403);
            expect(outcome(reply)).toEqual(
              unlessNul(s, { data: undefined, errors: [['FORBIDDEN', undefined]] }),
            );
          }
          expectNothingReached();
        },
      );

      it.each(INJECTIONS)(
        'refuses %s as a scanned code (DIGITAL_ID_MALFORMED) and sends nothing',
        async (_l, s) => {
          expect(outcome(await stack.query(VERIFY_DIGITAL_ID, { code: s }, 'counter', scanner))).toEqual(
            unlessNul(s, { data: null, errors: [['DIGITAL_ID_MALFORMED', 'big-data-center']] }),
          );
          expectNothingReached();
        },
      );
    });

    describe('request headers a client sets (x-purpose, x-channel)', () => {
      // Only what an HTTP header can carry: printable ASCII, no white space at either end.
      const sendable = INJECTIONS.filter(([, s]) => /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(s));

      it.each(sendable)(
        'refuses %s as a purpose, or as the case of one, with PURPOSE_INVALID and sends nothing',
        async (_l, s) => {
          for (const purpose of [s, `case:${s}`, `case:C2026112000001${s}`]) {
            const reply = await stack.query(PERSON, { id: GOLDEN.zhangWei }, 'counter', { purpose });
            expect(reply.status).toBe(403);
            expect(outcome(reply)).toEqual({ data: undefined, errors: [['PURPOSE_INVALID', undefined]] });
          }
          expectNothingReached();
        },
      );

      it.each(sendable)('opens no case for %s as the channel, and sends nothing', async (_l, s) => {
        const input = {
          matterCode: 'ED-001',
          applicant: { personId: GOLDEN.zhangWei },
          idempotencyKey: 'inj-channel-0001',
        };
        expect(
          outcome(await stack.query(SUBMIT, { input }, 'counter', { headers: { 'x-channel': s } })),
        ).toEqual({
          data: null,
          errors: [['INVALID_ARGUMENT', 'service-center']],
        });
        expectNothingReached();
      });
    });

    describe('Query.propertyByCertificateNumber (fixed-width GB18030 records over TCP)', () => {
      const refused = INJECTIONS.filter(([l]) => REFUSED_CERTIFICATE_NUMBERS.has(l));
      const carried = INJECTIONS.filter(([l]) => !REFUSED_CERTIFICATE_NUMBERS.has(l));

      it.each(refused)(
        'refuses %s as INVALID_ARGUMENT before any exchange with the register',
        async (_l, s) => {
          expect(outcome(await stack.query(PROPERTY, { n: s }))).toEqual(
            unlessNul(s, {
              data: { propertyByCertificateNumber: null },
              errors: [['INVALID_ARGUMENT', 'housing']],
            }),
          );
          expectNothingReached();
        },
      );

      it.each([
        ...carried,
        ['a real number with an SQL comment', `${FLAT}'--`] as const,
        ['a real number OR 1=1', `${FLAT} OR 1=1`] as const,
      ])(
        'carries %s as data in the space-padded 40-byte key of one 46-byte QCRT record, and finds nothing',
        async (_l, s) => {
          expect(outcome(await stack.query(PROPERTY, { n: s }))).toEqual({
            data: { propertyByCertificateNumber: null },
            errors: undefined,
          });
          expectReached({ housing: [qcrtRecord(s)] });
          expect(gb18030Bytes(reached().housing![0]!)).toBe(46);
        },
      );

      it('still finds a real number sent with spaces and a CR LF around it (the record carries the trimmed number)', async () => {
        expect(outcome(await stack.query(PROPERTY, { n: ` ${FLAT}\r\n` }))).toEqual({
          data: { propertyByCertificateNumber: { unitNumber: 'PT-0588-12-0602' } },
          errors: undefined,
        });
        expectReached({ housing: [qcrtRecord(FLAT)] });
      });
    });

    describe("the service centre's own store (reads the library by validated holder only)", () => {
      const valid = { matterCode: 'ED-001', applicant: { personId: GOLDEN.zhangWei } };
      const libraryRead = `POST /v1/certificates:searchByHolders\n{"holders":[{"type":"PERSON","id":"${GOLDEN.zhangWei}"}],"pageSize":500}`;

      it.each(INJECTIONS.map(([l, s], i) => [l, s, i] as const))(
        'refuses %s as applicant, credit code, idempotency key and material code, each with its code, writing and sending nothing',
        async (_l, s, i) => {
          const submit = (input: Record<string, unknown>) =>
            stack.query(
              SUBMIT,
              { input: { ...valid, idempotencyKey: `inj-refused-${i}`, ...input } },
              'portal',
            );
          const refusals = [
            [{ applicant: { personId: s } }, 'INVALID_IDENTITY_NUMBER'],
            [{ applicant: { companyUscc: s } }, 'INVALID_CREDIT_CODE'],
            [{ idempotencyKey: s }, 'INVALID_IDEMPOTENCY_KEY'],
            [{ suppliedMaterials: [{ materialCode: s, reference: 'upload:photo-1' }] }, 'INVALID_ARGUMENT'],
          ] as const;
          for (const [input, code] of refusals)
            expect(outcome(await submit(input))).toEqual(
              unlessNul(s, { data: null, errors: [[code, 'service-center']] }),
            );
          expectNothingReached();
        },
      );

      it.each(INJECTIONS)(
        'answers UNKNOWN_MATTER for %s as the matter, writing and sending nothing',
        async (_l, s) => {
          const input = { ...valid, matterCode: s, idempotencyKey: 'inj-matter-0001' };
          expect(outcome(await stack.query(SUBMIT, { input }, 'portal'))).toEqual(
            unlessNul(s, { data: null, errors: [['UNKNOWN_MATTER', 'service-center']] }),
          );
          expectNothingReached();
        },
      );

      it.each(
        INJECTIONS.filter(([, s]) => s.trim() !== '' && s.length <= 200).map(
          ([l, s], i) => [l, s, i] as const,
        ),
      )(
        'stores %s as a material reference verbatim, and the library sees only the applicant (a NUL: refused, nothing written)',
        async (_l, s, i) => {
          const input = {
            ...valid,
            idempotencyKey: `inj-reference-${i}`,
            suppliedMaterials: [{ materialCode: 'PHOTO', reference: s }],
          };
          const reply = await stack.query(SUBMIT, { input }, 'portal');
          if (refusedAtGateway(s)) {
            expect(outcome(reply)).toEqual(NUL_REFUSED);
            return expectNothingReached();
          }
          const photo = (
            reply.body.data?.submitCase as
              { case: { materials: { material: { code: string } }[] } } | undefined
          )?.case.materials.find((m) => m.material.code === 'PHOTO');
          expect({ errors: outcome(reply).errors, photo }).toEqual({
            errors: undefined,
            photo: { material: { code: 'PHOTO' }, status: 'SUPPLIED', reference: s.trim() },
          });
          expectReached({ 'big-data-center': [libraryRead] });
        },
      );

      it('refuses a reference that is only white space or longer than 200 characters', async () => {
        for (const reference of ['\r\n', 'A'.repeat(10_000)]) {
          const input = {
            ...valid,
            idempotencyKey: 'inj-reference-bad',
            suppliedMaterials: [{ materialCode: 'PHOTO', reference }],
          };
          expect(outcome(await stack.query(SUBMIT, { input }, 'portal'))).toEqual({
            data: null,
            errors: [['INVALID_ARGUMENT', 'service-center']],
          });
        }
        expectNothingReached();
      });

      it('keeps an officer note full of injections verbatim in the case history, and sends it nowhere', async () => {
        const note = PASSING_INJECTIONS.filter(([, s]) => s.trim() !== '' && s.length < 60)
          .map(([, s]) => s)
          .join(' ');
        const input = {
          ...valid,
          idempotencyKey: 'inj-note-0001',
          suppliedMaterials: [
            { materialCode: 'VACCINATION_RECORD', reference: 'upload:vacc-1' },
            { materialCode: 'PHOTO', reference: 'upload:photo-1' },
          ],
        };
        const submitted = await stack.query(SUBMIT, { input }, 'portal');
        const id = (submitted.body.data!.submitCase as { case: { id: string; status: string } }).case;
        expect(id.status).toBe('ACCEPTED');
        stack.resetCounters();
        // The same note with a NUL in it is refused whole: the history below shows no trace of it.
        expect(outcome(await stack.query(TRANSITION, { id: id.id, note: `${note} \u0000` }))).toEqual(
          NUL_REFUSED,
        );
        const moved = await stack.query(TRANSITION, { id: id.id, note });
        expect(outcome(moved)).toEqual({
          data: {
            transitionCase: {
              status: 'IN_REVIEW',
              history: [
                { to: 'SUBMITTED', note: null },
                { to: 'ACCEPTED', note: expect.any(String) },
                { to: 'IN_REVIEW', note: note.trim() },
              ],
            },
          },
          errors: undefined,
        });
        expectNothingReached();
      });

      it.each(INJECTIONS)(
        'refuses %s as the case to move (INVALID_ARGUMENT: not a case id) and sends nothing',
        async (_l, s) => {
          expect(outcome(await stack.query(TRANSITION, { id: s }))).toEqual(
            unlessNul(s, { data: null, errors: [['INVALID_ARGUMENT', 'service-center']] }),
          );
          expectNothingReached();
        },
      );

      it.each(INJECTIONS.map(([l, s], i) => [l, s, i] as const))(
        'refuses %s as the company, industry and idempotency key of a combined licence, sending nothing',
        async (_l, s, i) => {
          const apply = (input: Record<string, unknown>) =>
            stack.query(APPLY_LICENCE, {
              input: {
                uscc: GOLDEN.restaurant,
                industry: 'restaurant',
                idempotencyKey: `inj-licence-${i}`,
                ...input,
              },
            });
          for (const [input, code] of [
            [{ uscc: s }, 'INVALID_CREDIT_CODE'],
            [{ industry: s }, 'UNKNOWN_INDUSTRY'],
            [{ idempotencyKey: s }, 'INVALID_IDEMPOTENCY_KEY'],
          ] as const)
            expect(outcome(await apply(input))).toEqual(
              unlessNul(s, { data: null, errors: [[code, 'service-center']] }),
            );
          expectNothingReached();
        },
      );

      it("answers UNKNOWN_INDUSTRY for every injection as a company's industry, the library unasked", async () => {
        const ask = (q: ReturnType<typeof aliased>) =>
          stack.query(`query($u: ID!, ${q.vars}) { company(uscc: $u) { ${q.fields} } }`, {
            u: GOLDEN.supermarket,
            ...q.variables,
          });
        expect(
          outcome(await ask(aliased('industryLicence', 'industry', 'ID!', ' { status }', INJECTIONS))),
        ).toEqual(NUL_REFUSED);
        expectNothingReached();
        const q = aliased('industryLicence', 'industry', 'ID!', ' { status }');
        const reply = await ask(q);
        expect(outcome(reply)).toEqual({
          data: { company: q.each(null) },
          errors: times(PASSING_INJECTIONS.length, 'UNKNOWN_INDUSTRY', 'service-center'),
        });
        expectReached({
          'market-supervision': [`GET /api/v2/enterprises?uscc=${GOLDEN.supermarket}&page=1&page_size=20`],
        });
      });

      it.each(INJECTIONS)(
        'finds nothing for %s as a department, matter or department code, and refuses it as a case id or cursor',
        async (_l, s) => {
          expect(outcome(await stack.query(CATALOGUE, { code: s }))).toEqual(
            unlessNul(s, {
              data: { byDepartment: { totalCount: 0 }, matter: null, department: null, case: null },
              errors: [['INVALID_ARGUMENT', 'service-center']], // case(id:): not a case id
            }),
          );
          expect(
            outcome(await stack.query('query($a: String) { matters(after: $a) { totalCount } }', { a: s })),
          ).toEqual(unlessNul(s, { data: null, errors: [['INVALID_ARGUMENT', 'service-center']] }));
          expectNothingReached();
        },
      );

      it.each(INJECTIONS)(
        'finds no matter for %s as a search (white space alone is no filter: the whole catalogue)',
        async (_l, s) => {
          expect(outcome(await stack.query(SEARCH, { s }))).toEqual(
            unlessNul(s, { data: { matters: { totalCount: s.trim() === '' ? 652 : 0 } }, errors: undefined }),
          );
          expectNothingReached();
        },
      );

      it('treats % and _ in a search as letters, not wildcards', async () => {
        expect((await stack.query(SEARCH, { s: '%' })).body).toEqual({
          data: { matters: { totalCount: 0 } },
        });
        expect((await stack.query(SEARCH, { s: '_' })).body).toEqual({
          data: { matters: { totalCount: 0 } },
        });
      });
    });

    describe('defence in depth: the SOAP envelope escapes what validation already stops', () => {
      // No client string reaches the household registry unvalidated (see Query.person above). Should a
      // check ever let one through, the envelope still carries it as element text: sent here straight
      // through the adapter's SOAP client, past the identity check.
      const forgeSecondCondition = `x</hj:ZJHM></hj:CXTJ><hj:CXTJ><hj:ZJLX>111</hj:ZJLX><hj:ZJHM>${GOLDEN.zhangWei}`;
      const markup = [
        ['an XML element break-out', '</id><evil/>'],
        ['a CDATA end', ']]>'],
        ['an XML external entity', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'],
        ['an XML entity', '&amp;'],
        ['a forged second condition for Zhang Wei', forgeSecondCondition],
      ] as const;
      const escaped = (s: string) =>
        s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

      it.each(markup)(
        'sends %s as escaped text of one condition, and the registry answers that one condition',
        async (_l, s) => {
          const upstream = new HttpUpstream({
            department: 'public-security',
            url: stack.mocks['public-security']!.url,
          });
          try {
            const client = new HouseholdClient({ upstream, servicePath: '/ws/HouseholdService' });
            const results = await client.queryPersonBatch([{ ZJLX: '111', ZJHM: s }]);
            expect(results.map((r) => [r.XH, r.FHDM, r.RYXX])).toEqual([['1', '0001', undefined]]);
            expect(reached()).toEqual({
              'public-security': [soapQueryPerson(escaped(s))],
            });
          } finally {
            await upstream.close();
          }
        },
      );
    });

    describe('afterwards', () => {
      it('the tax register and its view still hold every row', async () => {
        const after = await taxRows();
        expect(after).toEqual(taxRowsBefore);
        expect(after.register).toBeGreaterThan(0);
        expect(after.view).toBeGreaterThan(0);
      });

      it('the tax bureau only ever receives a validated credit code, as a bound parameter of a prepared statement', async () => {
        const reply = await stack.query(
          'query($u: ID!) { company(uscc: $u) { taxStatus { creditRating } } }',
          {
            u: ` ${GOLDEN.restaurant.toLowerCase()}\r\n`,
          },
        );
        expect(outcome(reply)).toEqual({
          data: { company: { taxStatus: { creditRating: 'A' } } },
          errors: undefined,
        });
        const tax = stack.mocks.tax as TaxMockHandle;
        expect(stack.legacyRequests().tax).toBe(1);
        expect(reached().tax ?? []).toEqual(
          tax.backend === 'sqlite'
            ? [] // a file has no wire: the adapter's counter above is the record
            : [`COM_STMT_PREPARE ${TAX_SQL}`, `COM_STMT_EXECUTE ${TAX_SQL} WITH ["${GOLDEN.restaurant}"]`],
        );
        expect(reached()['market-supervision']).toEqual([
          `GET /api/v2/enterprises?uscc=${GOLDEN.restaurant}&page=1&page_size=20`,
        ]);
      });

      it('every mock still answers its health check, and the counter view still comes back whole', async () => {
        for (const [name, mock] of Object.entries(stack.mocks)) {
          const res = await request(`${mock.adminUrl}/health`);
          expect({ status: res.statusCode, body: await res.body.json() }).toEqual({
            status: 200,
            body: { name, status: 'ok' },
          });
        }
        const { body } = await stack.query(COUNTER_VIEW_QUERY, { id: GOLDEN.zhangWei });
        expect(body.errors).toBeUndefined();
        expect((body.data!.person as { name: string }).name).toBe('张伟');
        const catalogue = await stack.query('{ matters { totalCount } departments { code } }');
        expect((catalogue.body.data!.matters as { totalCount: number }).totalCount).toBe(652);
        expect(catalogue.body.data!.departments as unknown[]).toHaveLength(20);
      });
    });
  });
}
