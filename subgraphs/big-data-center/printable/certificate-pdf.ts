import PDFDocument from 'pdfkit';
import type { Certificate } from '../../../adapters/big-data-center';
import { notoSansSc } from './font';
import { ISSUER_NAMES } from './issuer-names';
import { qrPng } from './qr-image';

const STATUS_TEXT: Record<Certificate['status'], string> = {
  VALID: '有效 Valid',
  EXPIRED: '已过期 Expired',
  REVOKED: '已注销 Revoked',
};

export interface PdfInput {
  certificate: Certificate;
  qrPayload: string;
  /** When the copy is printed (shown on it, and the PDF's creation date). */
  printedAt: Date;
}

/**
 * The paper copy of an e-certificate for self-service terminals: one A4 page with the
 * title, holder, issuer, number, validity, the verification code in large type and a QR
 * code of the verification payload. All text is set in Noto Sans SC, which pdfkit embeds
 * as a subset of the glyphs used (a few dozen kB instead of the 10 MB font).
 */
export async function renderCertificatePdf({
  certificate: c,
  qrPayload,
  printedAt,
}: PdfInput): Promise<Buffer> {
  const qr = await qrPng(qrPayload);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: `${c.title} ${c.number}`,
      Author: ISSUER_NAMES[c.issuerCode] ?? c.issuerCode,
      CreationDate: printedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('cjk', notoSansSc());
  doc.font('cjk');
  const width = doc.page.width - 112;
  doc.fontSize(28).text(c.title, { align: 'center', width });
  doc.moveDown(0.3).fontSize(11).fillColor('#555555');
  doc.text('电子证照打印件  Printed copy of an electronic certificate', { align: 'center', width });
  doc.fillColor('#000000').moveDown(1.5);

  const rows: [string, string][] = [
    ['证照编号 Number', c.number],
    ['持证主体 Holder', `${c.holderType === 'COMPANY' ? '统一社会信用代码' : '证件号码'} ${c.holderId}`],
    ['发证机关 Issuer', ISSUER_NAMES[c.issuerCode] ?? c.issuerCode],
    ['有效期限 Validity', `${c.validFrom} 至 ${c.validUntil ?? '长期'}`],
    ['证照状态 Status', STATUS_TEXT[c.status]],
    ['证照标识 Library id', c.id],
  ];
  doc.fontSize(12);
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.fillColor('#555555').text(label, 56, y, { width: 150 });
    doc.fillColor('#000000').text(value, 210, y, { width: width - 154 });
    doc.moveDown(0.6);
  }

  doc.moveDown(1).fontSize(12).fillColor('#555555').text('验证码 Verification code', 56, doc.y, { width });
  doc.fontSize(26).fillColor('#000000').text(c.verificationCode, { width, characterSpacing: 2 });

  const qrSize = 180;
  const qrTop = doc.y + 16;
  doc.image(qr, 56, qrTop, { width: qrSize, height: qrSize });
  doc.fontSize(10).fillColor('#555555');
  doc.text(
    '扫描二维码或输入验证码，即可在上海市大数据中心电子证照库核验本打印件的真实性与有效性。',
    56 + qrSize + 20,
    qrTop + 20,
    { width: width - qrSize - 20 },
  );
  doc
    .moveDown(0.5)
    .text('Scan the QR code or enter the verification code to verify this copy in the library.', {
      width: width - qrSize - 20,
    });
  doc.moveDown(0.5).text(`打印时间 Printed ${printedAt.toISOString()}`, { width: width - qrSize - 20 });
  doc.end();
  return done;
}
