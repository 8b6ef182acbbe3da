import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import { inspectPdf, readQr } from './printable/test-support';
import { startTestSubgraph, type TestSubgraph } from './test-support';

const PRINTED_AT = Date.parse('2026-11-26T06:00:00Z');
let mock: MockHandle;
let t: TestSubgraph;

beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 50 }),
    baseLatencyMs: 0,
  });
  t = await startTestSubgraph({ url: mock.url, now: () => PRINTED_AT });
});
afterAll(async () => {
  await t.close();
  await mock.close();
});
beforeEach(() => mock.controller.resetCounts());

const PRINT = /* GraphQL */ `
  query ($id: ID!) {
    certificate(id: $id) {
      id
      verificationCode
      printable {
        pdfBase64
        verificationCode
        qrPayload
        fileName
      }
    }
  }
`;
const VERIFY = /* GraphQL */ `
  query ($id: ID, $document: String, $verificationCode: String) {
    verifyCertificate(id: $id, document: $document, verificationCode: $verificationCode) {
      valid
      reasons
      certificate {
        id
        status
      }
      checkedAt
    }
  }
`;

describe('Certificate.printable', () => {
  it('prints one A4 page with the Chinese title, the verification code and a QR code that verifies', async () => {
    const { data } = await t.run(PRINT, { id: 'HS-RE-2019-012345' });
    const p = data.certificate.printable;
    expect([p.verificationCode, p.fileName]).toEqual([
      data.certificate.verificationCode,
      'HS-RE-2019-012345.pdf',
    ]);
    const pdf = await inspectPdf(Buffer.from(p.pdfBase64, 'base64'));
    expect(pdf.pages).toBe(1);
    expect([Math.round(pdf.size.width), Math.round(pdf.size.height)]).toEqual([595, 842]);
    expect(pdf.text).toContain('不动产权证书');
    expect(pdf.text).toContain('沪(2019)普字不动产权第012345号');
    expect(pdf.text).toContain('上海市普陀区不动产登记事务中心');
    expect(pdf.text).toContain('2019-07-02 至 长期');
    expect(pdf.text).toContain(p.verificationCode);
    expect(pdf.images).toHaveLength(1);
    const scanned = readQr(pdf.images[0]!);
    expect(scanned).toBe(p.qrPayload);
    expect(await t.run(VERIFY, { document: scanned })).toEqual({
      data: {
        verifyCertificate: {
          valid: true,
          reasons: [],
          certificate: { id: 'HS-RE-2019-012345', status: 'VALID' },
          checkedAt: '2026-11-26T06:00:00.000Z',
        },
      },
    });
  });

  it("prints a person's identity card copy with the font embedded as a small subset", async () => {
    const { data } = await t.run(PRINT, { id: 'PS-ID-' + GOLDEN.zhouYan });
    const bytes = Buffer.from(data.certificate.printable.pdfBase64, 'base64');
    const pdf = await inspectPdf(bytes);
    expect(pdf.text).toContain('居民身份证');
    expect(pdf.text).toContain(GOLDEN.zhouYan);
    // the font is embedded as a subset of the glyphs used, not the 10 MB file
    expect(bytes.length).toBeLessThan(200_000);
  });
});

describe('verifyCertificate', () => {
  it('refuses a tampered paper: its QR payload with a changed validity fails the signature and the library', async () => {
    const { data } = await t.run(PRINT, { id: 'HL-PPH-2024-0107-0088' });
    const payload: string = data.certificate.printable.qrPayload;
    const [prefix, body] = [payload.slice(0, 12), payload.slice(12)];
    const paper = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const forged =
      prefix + Buffer.from(JSON.stringify({ ...paper, validUntil: '2035-04-30' })).toString('base64url');
    expect((await t.run(VERIFY, { document: forged })).data.verifyCertificate).toMatchObject({
      valid: false,
      reasons: ['SIGNATURE_INVALID', 'TAMPERED'],
    });
  });

  it('finds a certificate by its printed code, and reports an expired one', async () => {
    const { data } = await t.run(PRINT, { id: 'HL-PPH-2023-0107-0412' });
    const code: string = data.certificate.verificationCode;
    expect(await t.run(VERIFY, { verificationCode: code.toLowerCase() })).toEqual({
      data: {
        verifyCertificate: {
          valid: false,
          reasons: ['EXPIRED'],
          certificate: { id: 'HL-PPH-2023-0107-0412', status: 'EXPIRED' },
          checkedAt: '2026-11-26T06:00:00.000Z',
        },
      },
    });
  });

  it('answers INVALID_ARGUMENT unless exactly one argument is given', async () => {
    const none = await t.run(VERIFY, {});
    const two = await t.run(VERIFY, { id: 'HS-RE-2019-012345', verificationCode: 'AAAA-AAAA-AA' });
    expect([none, two].map((r) => [r.data, r.errors?.map((e) => e.extensions)])).toEqual([
      [null, [{ code: 'INVALID_ARGUMENT', department: 'big-data-center' }]],
      [null, [{ code: 'INVALID_ARGUMENT', department: 'big-data-center' }]],
    ]);
    expect(mock.controller.stats().requests).toBe(0);
  });
});
