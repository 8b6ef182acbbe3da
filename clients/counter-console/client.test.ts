import path from 'node:path';
import ts from 'typescript';
import { COUNTER_VIEW_PURPOSE, COUNTER_VIEW_VARIABLES } from '../../gateway/first-query';
import { readManifest } from '../../gateway/limits/safelist';
import type { TokenClaims } from '../../trust/auth/mint';
import { startStack, type Stack } from '../../test/helpers/stack';
import { TEST_OFFICER, TEST_PURPOSE } from '../../test/helpers/trust';
import { createCounterClient } from './client';
import { CounterClientError } from './client-error';
import { CounterViewDocument, TransitionCaseDocument, type CounterViewQuery } from './generated/graphql';

/** The window officer of the README's first query, on Zhang Wei's case. */
const OFFICER: TokenClaims = {
  role: 'officer',
  sub: 'officer-0042',
  department: 'service-center',
  window: 'A-07',
};
const MANIFEST = readManifest(path.resolve(__dirname, '../../gateway/persisted-operations/counter.json'));

/** Zhang Wei's counter view as the seven legacy mocks and the service centre's store hold it. */
const ZHANG_WEI: CounterViewQuery = {
  person: {
    id: '310107199003070017',
    name: '张伟',
    documentType: 'RESIDENT_ID_CARD',
    birthDate: '1990-03-07',
    certificates: [
      cert(
        'PS-ID-310107199003070017',
        'RESIDENT_ID_CARD',
        '居民身份证',
        'public-security',
        '公安分局',
        '2036-05-10',
      ),
      cert(
        'PS-HH-310107199003070017',
        'HOUSEHOLD_REGISTER',
        '居民户口簿',
        'public-security',
        '公安分局',
        null,
      ),
      cert('HS-RE-2019-012345', 'REAL_ESTATE_CERTIFICATE', '不动产权证书', 'housing', '不动产登记中心', null),
      cert(
        'TX-IIT-2025-310107199003070017',
        'INDIVIDUAL_TAX_RECORD',
        '个人所得税纳税记录',
        'tax',
        '税务局',
        '2026-12-31',
      ),
      cert(
        'HR-SSC-310107199003070017',
        'SOCIAL_SECURITY_CARD',
        '社会保障卡',
        'human-resources',
        '人力资源和社会保障局',
        '2028-06-01',
      ),
    ],
    properties: [{ address: '上海市普陀区长寿路588弄12号602室', floorAreaM2: 89.46, usage: 'RESIDENTIAL' }],
    socialSecurity: {
      cardNumber: 'SH0017350017',
      status: 'CONTRIBUTING',
      contributionMonths: 91,
      employerName: '上海普陀张记餐饮有限公司',
    },
    companies: [
      {
        uscc: '91310107MA1FL3K2XE',
        name: '上海普陀张记餐饮有限公司',
        legalRepresentative: { name: '张伟' },
        licences: [
          { type: 'BUSINESS_LICENCE', number: '91310107MA1FL3K2XE', status: 'VALID', validUntil: null },
          {
            type: 'FOOD_BUSINESS_PERMIT',
            number: 'JY23101070012345',
            status: 'VALID',
            validUntil: '2027-03-31',
          },
        ],
        taxStatus: { creditRating: 'A', status: 'NORMAL', inGoodStanding: true },
        cases: [
          {
            id: 'C2026112000001',
            matterName: '公共场所卫生许可证延续',
            status: 'IN_REVIEW',
            channel: 'COUNTER',
          },
        ],
      },
    ],
    cases: [],
  },
};

function cert(
  id: string,
  type: string,
  title: string,
  code: string,
  name: string,
  validUntil: string | null,
) {
  return { id, type, title, issuer: { code, name }, status: 'VALID' as const, validUntil };
}

describe('the counter console client', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ people: 20 });
  }, 60_000);
  afterAll(() => stack?.close());

  const client = (
    claims: TokenClaims,
    purpose?: string,
    more: { persisted?: typeof MANIFEST; url?: string } = {},
  ) =>
    createCounterClient({
      url: more.url ?? stack.gateway.url,
      token: () => stack.trust.token(claims),
      purpose,
      persisted: more.persisted,
    });

  it("returns Zhang Wei's counter view, typed, to the officer on his case", async () => {
    const view = await client(OFFICER, COUNTER_VIEW_PURPOSE).run(CounterViewDocument, COUNTER_VIEW_VARIABLES);
    expect(view).toEqual(ZHANG_WEI);
    // The generated types follow the selection: these reads compile, and give the figures.
    expect(view.person?.socialSecurity?.contributionMonths).toBe(91);
    expect(view.person?.companies?.[0]?.taxStatus?.inGoodStanding).toBe(true);
  });

  it("surfaces the gateway's refusal as a CounterClientError with its code, and the case stays as it was", async () => {
    const officer = client(TEST_OFFICER, TEST_PURPOSE);
    const refused = await officer
      .run(TransitionCaseDocument, { id: 'C2026110200001', to: 'IN_REVIEW' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CounterClientError);
    expect(refused).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      status: 200,
      data: null,
      message:
        'ILLEGAL_TRANSITION: case C2026110200001 cannot move from ISSUED to IN_REVIEW: ISSUED is final',
    });
    const after = await stack.query('{ case(id: "C2026110200001") { status } }');
    expect(after.body).toEqual({ data: { case: { status: 'ISSUED' } } });
  });

  it('surfaces a read without a purpose as PURPOSE_REQUIRED', async () => {
    const refused = await client(OFFICER)
      .run(CounterViewDocument, COUNTER_VIEW_VARIABLES)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CounterClientError);
    expect(refused).toMatchObject({
      code: 'PURPOSE_REQUIRED',
      status: 403,
      data: undefined,
      message:
        'PURPOSE_REQUIRED: Query.person: state the purpose in the x-purpose header (case:<id> or a statutory code)',
    });
  });

  describe('in safelist mode (GATEWAY_SAFELIST=on)', () => {
    let url: string;
    beforeAll(async () => {
      url = (await stack.startGateway({ gatewayEnv: { GATEWAY_SAFELIST: 'on' } })).url;
    }, 30_000);

    it("sends the manifest's registered id and gets the same counter view", async () => {
      const view = await client(OFFICER, COUNTER_VIEW_PURPOSE, { url, persisted: MANIFEST }).run(
        CounterViewDocument,
        COUNTER_VIEW_VARIABLES,
      );
      expect(view).toEqual(ZHANG_WEI);
    });

    it('is refused OPERATION_NOT_PERSISTED when it sends the printed text instead', async () => {
      const refused = await client(OFFICER, COUNTER_VIEW_PURPOSE, { url })
        .run(CounterViewDocument, COUNTER_VIEW_VARIABLES)
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({
        code: 'OPERATION_NOT_PERSISTED',
        status: 400,
        message:
          'OPERATION_NOT_PERSISTED: the operation text is not in the safelist of channel counter; send the id of a registered operation',
      });
    });

    it('refuses, before sending anything, an operation its manifest lacks', async () => {
      const onlyView = MANIFEST.filter((o) => o.name === 'CounterView');
      const refused = await client(TEST_OFFICER, TEST_PURPOSE, { url, persisted: onlyView })
        .run(TransitionCaseDocument, { id: 'C2026112000001', to: 'REJECTED' })
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({
        code: 'OPERATION_NOT_PERSISTED',
        status: 0,
        message: 'operation TransitionCase is not in the counter manifest given to the client',
      });
    });
  });

  it('moves a case (last: it changes the golden case) with the typed mutation and returns its new state', async () => {
    const moved = await client(TEST_OFFICER, TEST_PURPOSE).run(TransitionCaseDocument, {
      id: 'C2026112000001',
      to: 'APPROVED',
      note: 'site inspection passed',
    });
    expect(moved.transitionCase).toMatchObject({
      id: 'C2026112000001',
      status: 'APPROVED',
      issuedCertificate: null,
    });
    expect(moved.transitionCase.history.at(-1)).toEqual({
      from: 'IN_REVIEW',
      to: 'APPROVED',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
      channel: 'COUNTER',
      note: 'site inspection passed',
    });
    const view = await client(OFFICER, COUNTER_VIEW_PURPOSE).run(CounterViewDocument, COUNTER_VIEW_VARIABLES);
    expect(view.person?.companies?.[0]?.cases).toEqual([
      { id: 'C2026112000001', matterName: '公共场所卫生许可证延续', status: 'APPROVED', channel: 'COUNTER' },
    ]);
  });
});

describe('the generated operation types', () => {
  it('let a read of a field the operation did not select fail to compile', () => {
    const typed = (view: CounterViewQuery) => {
      // @ts-expect-error the CounterView selection has no `nickname`
      void view.person?.nickname;
      // @ts-expect-error socialSecurity.status is an enum, not a number
      const n: number = view.person!.socialSecurity!.status;
      return n;
    };
    expect(typeof typed).toBe('function');
  });

  it('are checked by the compiler: a misused result or variable is an error, the right use is not', () => {
    const errors = compile([
      `const v = await c.run(CounterViewDocument, { id: '1' }); v.person?.name;`,
      `const v = await c.run(CounterViewDocument, { id: '1' }); v.person?.nickname;`,
      `await c.run(CounterViewDocument, { uscc: '1' });`,
      `await c.run(TransitionCaseDocument, { id: '1', to: 'DONE' });`,
      `await c.run(TransitionCaseDocument);`,
    ]);
    expect(errors).toEqual([
      [],
      [{ code: 2339, message: expect.stringMatching(/^Property 'nickname' does not exist on type /) }],
      [
        {
          code: 2353,
          message: expect.stringMatching(/^Object literal may only specify known properties, and 'uscc'/),
        },
      ],
      [
        {
          code: 2322,
          message: expect.stringMatching(/^Type '"DONE"' is not assignable to type 'CaseStatus'/),
        },
      ],
      [{ code: 2554, message: 'Expected 2 arguments, but got 1.' }],
    ]);
  }, 60_000);
});

/**
 * Type-checks each snippet (one compilation: it takes seconds) in a module beside the client, where
 * `c` is a client; returns each snippet's errors, code and first line of the message.
 */
function compile(snippets: string[]): { code: number; message: string }[][] {
  const file = path.join(__dirname, '__typecheck__.ts');
  const head =
    "import { createCounterClient } from './client';\n" +
    "import { CounterViewDocument, TransitionCaseDocument } from './generated/graphql';\n" +
    "const c = createCounterClient({ url: 'http://x', token: 't' });\n";
  const source = head + snippets.map((s, i) => `export async function f${i}() { ${s} }\n`).join('');
  const firstLine = head.split('\n').length - 1;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    path.resolve(name) === file ? ts.createSourceFile(name, source, language) : read(name, language, ...rest);
  host.fileExists = (
    (exists) => (name: string) =>
      path.resolve(name) === file || exists(name)
  )(host.fileExists);
  const errors = snippets.map((): { code: number; message: string }[] => []);
  for (const d of ts.getPreEmitDiagnostics(ts.createProgram([file], options, host))) {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]!;
    const bucket = errors[line - firstLine];
    if (!bucket) throw new Error(`TS${d.code} outside the snippets: ${message}`);
    bucket.push({ code: d.code, message });
  }
  return errors;
}
