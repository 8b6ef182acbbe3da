import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import * as qrImage from './printable/qr-image';
import { startTestSubgraph, type TestSubgraph } from './test-support';

let offsetMs = 0; // how far the scanner's clock runs ahead of the platform's
let mock: MockHandle;
let t: TestSubgraph;

beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 50 }),
    baseLatencyMs: 0,
  });
  t = await startTestSubgraph({ url: mock.url, now: () => Date.now() + offsetMs });
});
afterAll(async () => {
  await t.close();
  await mock.close();
});
beforeEach(() => {
  offsetMs = 0;
  mock.controller.resetCounts();
});

const ISSUE = /* GraphQL */ `
  mutation ($person: ID, $company: ID, $scene: DigitalIdScene) {
    issueDigitalId(person: $person, company: $company, scene: $scene) {
      code
      qrPngBase64
      expiresAt
    }
  }
`;
const VERIFY = /* GraphQL */ `
  mutation ($code: String!, $scene: DigitalIdScene!) {
    verifyDigitalId(code: $code, scene: $scene) {
      scene
      holderKind
      maskedName
      maskedId
      insuredStatus
      mayBorrow
      documentType
      documentLast4
      adult
      nationality
      concession
      companyName
      companyStatus
    }
  }
`;
const NOTHING = {
  maskedName: null,
  maskedId: null,
  insuredStatus: null,
  mayBorrow: null,
  documentType: null,
  documentLast4: null,
  adult: null,
  nationality: null,
  concession: null,
  companyName: null,
  companyStatus: null,
};

async function issue(vars: Record<string, unknown>): Promise<string> {
  const r = await t.run(ISSUE, vars);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.issueDigitalId.code;
}
const errorCodes = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  r.errors?.map((e) => e.extensions?.code);

describe('issueDigitalId', () => {
  it('gives a code, its QR image and its expiry 60 s ahead', async () => {
    const before = Date.now();
    const { data } = await t.run(ISSUE, { person: GOLDEN.chanKaMing, scene: 'LIBRARY' });
    const { code, qrPngBase64, expiresAt } = data.issueDigitalId;
    const png = PNG.sync.read(Buffer.from(qrPngBase64, 'base64'));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(code);
    expect(Date.parse(expiresAt) - before).toBeGreaterThan(58_000);
    expect(Date.parse(expiresAt) - before).toBeLessThanOrEqual(61_000);
  });

  it('draws the QR image only for a client that asks for it', async () => {
    const draw = jest.spyOn(qrImage, 'qrPng');
    try {
      const bare = await t.run(
        'mutation ($person: ID) { issueDigitalId(person: $person) { code expiresAt } }',
        { person: GOLDEN.zhangWei },
      );
      const drawnForBare = draw.mock.calls.length;
      const full = await t.run(ISSUE, { person: GOLDEN.zhangWei });
      expect([bare.errors, Object.keys(bare.data.issueDigitalId), drawnForBare]).toEqual([
        undefined,
        ['code', 'expiresAt'],
        0,
      ]);
      expect([full.errors, draw.mock.calls]).toEqual([undefined, [[full.data.issueDigitalId.code, 6]]]);
      // However many aliases select it, one code's image is drawn once.
      draw.mockClear();
      const aliased = await t.run(
        'mutation ($person: ID) { issueDigitalId(person: $person) { code a: qrPngBase64 b: qrPngBase64 } }',
        { person: GOLDEN.zhangWei },
      );
      const { code, a, b } = aliased.data.issueDigitalId;
      expect([aliased.errors, draw.mock.calls, a === b, a.length > 100]).toEqual([
        undefined,
        [[code, 6]],
        true,
        true,
      ]);
    } finally {
      draw.mockRestore();
    }
  });

  it('wants exactly one holder, and a valid one', async () => {
    const both = await t.run(ISSUE, { person: GOLDEN.zhangWei, company: GOLDEN.restaurant });
    const bad = await t.run(ISSUE, { person: '310107199003070018' });
    expect([both.data, errorCodes(both), bad.data, errorCodes(bad)]).toEqual([
      null,
      ['INVALID_ARGUMENT'],
      null,
      ['INVALID_IDENTITY_NUMBER'],
    ]);
    expect(mock.controller.stats().requests).toBe(0);
  });
});

describe('verifyDigitalId', () => {
  it('shows the library only the masked name and the right to borrow, for residents, the HK resident and the foreigner', async () => {
    const results = [];
    for (const person of [GOLDEN.zhangWei, GOLDEN.chanKaMing, GOLDEN.foreigner]) {
      const code = await issue({ person, scene: 'LIBRARY' });
      results.push((await t.run(VERIFY, { code, scene: 'LIBRARY' })).data.verifyDigitalId);
    }
    const library = { ...NOTHING, scene: 'LIBRARY', holderKind: 'PERSON', mayBorrow: true };
    expect(results).toEqual([
      { ...library, maskedName: '张*' },
      { ...library, maskedName: '陳**' },
      { ...library, maskedName: 'W******** J****' },
    ]);
  });

  it('shows social security the masked id and insured status, and the turnstile no name at all', async () => {
    const code = await issue({ person: GOLDEN.foreigner });
    const social = await t.run(VERIFY, { code, scene: 'SOCIAL_SECURITY' });
    const traffic = await t.run(VERIFY, { code, scene: 'TRAFFIC_CARD' });
    expect([social.data.verifyDigitalId, traffic.data.verifyDigitalId]).toEqual([
      {
        ...NOTHING,
        scene: 'SOCIAL_SECURITY',
        holderKind: 'PERSON',
        maskedName: 'W******** J****',
        maskedId: '*****1827',
        insuredStatus: 'INSURED',
      },
      { ...NOTHING, scene: 'TRAFFIC_CARD', holderKind: 'PERSON', concession: 'NONE' },
    ]);
  });

  it('refuses a company at the library with DIGITAL_ID_WRONG_SCENE', async () => {
    const code = await issue({ company: GOLDEN.pharmacy });
    const r = await t.run(VERIFY, { code, scene: 'LIBRARY' });
    expect([r.data, r.errors?.map((e) => e.extensions)]).toEqual([
      null,
      [{ code: 'DIGITAL_ID_WRONG_SCENE', department: 'big-data-center' }],
    ]);
  });

  it('answers EXPIRED, REPLAYED, FORGED and MALFORMED with their own codes', async () => {
    const fresh = await issue({ person: GOLDEN.liNa });
    const shown = await issue({ person: GOLDEN.liNa });
    await t.run(VERIFY, { code: shown, scene: 'CAMPUS' });
    // A compact JWE: header, (empty) encrypted key, iv, ciphertext, tag; a new tag fails AES-GCM.
    const [h, k, iv, ciphertext] = fresh.split('.');
    const forged = `${h}.${k}.${iv}.${ciphertext}.${'A'.repeat(22)}`;
    const forgedResult = await t.run(VERIFY, { code: forged, scene: 'CAMPUS' });
    const malformed = await t.run(VERIFY, { code: 'hello', scene: 'CAMPUS' });
    offsetMs = 120_000;
    const expired = await t.run(VERIFY, { code: fresh, scene: 'CAMPUS' });
    const replayed = await t.run(VERIFY, { code: shown, scene: 'CAMPUS' });
    expect([forgedResult, malformed, expired, replayed].map(errorCodes)).toEqual([
      ['DIGITAL_ID_FORGED'],
      ['DIGITAL_ID_MALFORMED'],
      ['DIGITAL_ID_EXPIRED'],
      ['DIGITAL_ID_REPLAYED'],
    ]);
  });
});
