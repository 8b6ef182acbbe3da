import { encodeCertificateDocument, type Certificate } from '../../../adapters/big-data-center';
import { renderCertificatePdf } from './certificate-pdf';

/** A certificate's paper copy as the schema's PrintableCertificate. */
export interface PrintableCertificate {
  pdfBase64: string;
  verificationCode: string;
  qrPayload: string;
  fileName: string;
}

/** Builds the printable copy: the QR payload of what the paper says, and the PDF carrying it. */
export async function printableCertificate(c: Certificate, printedAt: Date): Promise<PrintableCertificate> {
  const qrPayload = encodeCertificateDocument(c);
  const pdf = await renderCertificatePdf({ certificate: c, qrPayload, printedAt });
  return {
    pdfBase64: pdf.toString('base64'),
    verificationCode: c.verificationCode,
    qrPayload,
    fileName: `${c.id}.pdf`,
  };
}
