import type { AdapterContext } from '../kit/operation';
import { DataLayerError } from '../kit/errors';
import { decodeCertificateDocument, PAPER_FIELDS, type CertificateDocument } from './certificate-document';
import { parseCertificateId } from './certificate-id';
import { DEPARTMENT } from './errors';
import { issuerSignatureValid } from './issuer-signature';
import type {
  Certificate,
  CertificateVerification,
  IssuerPublicKey,
  VerificationFailure,
  VerifyCertificateInput,
} from './model';
import { parseVerificationCode } from './verification-code';

/** China Standard Time: certificates are valid by the calendar day in Shanghai. */
const CST_OFFSET_MS = 8 * 3_600_000;
const ISSUER_CODE = /^[a-z]+(?:-[a-z]+){0,4}$/;

export interface VerifierDeps {
  certificate(ctx: AdapterContext, id: string): Promise<Certificate | null>;
  byVerificationCode(ctx: AdapterContext, code: string): Promise<Certificate | null>;
  issuerKey(ctx: AdapterContext, issuerCode: string): Promise<IssuerPublicKey | null>;
  now: () => number;
}

function exactlyOne(input: VerifyCertificateInput): void {
  const given = (['id', 'document', 'verificationCode'] as const).filter(
    (k) => input[k] !== undefined && input[k] !== null,
  );
  if (given.length !== 1)
    throw new DataLayerError(
      'INVALID_ARGUMENT',
      `give exactly one of id, document or verificationCode (got ${given.length ? given.join(', ') : 'none'})`,
      { department: DEPARTMENT },
    );
}

/**
 * Verifies a certificate by library id, by the QR payload of a paper copy, or by its
 * printed verification code: the issuer's Ed25519 signature under the key the library
 * publishes (cached), the library's status (revoked), the validity period against the
 * clock, and for a paper copy that every field it shows matches the library record.
 * Malformed input is INVALID_ARGUMENT before any request.
 */
export function createCertificateVerifier(deps: VerifierDeps) {
  return async (ctx: AdapterContext, input: VerifyCertificateInput): Promise<CertificateVerification> => {
    exactlyOne(input);
    const now = deps.now();
    let paper: CertificateDocument | undefined;
    let record: Certificate | null;
    if (input.id != null) record = await deps.certificate(ctx, parseCertificateId(input.id));
    else if (input.verificationCode != null)
      record = await deps.byVerificationCode(ctx, parseVerificationCode(input.verificationCode));
    else {
      paper = decodeCertificateDocument(input.document!);
      record = await deps.certificate(ctx, parseCertificateId(paper.id));
    }
    const reasons: VerificationFailure[] = [];
    const signed = paper ?? record;
    if (signed) {
      const key = ISSUER_CODE.test(signed.issuerCode) ? await deps.issuerKey(ctx, signed.issuerCode) : null;
      if (key === null) reasons.push('UNKNOWN_ISSUER');
      else if (!issuerSignatureValid(signed, key.publicKeyPem)) reasons.push('SIGNATURE_INVALID');
    }
    if (record === null) reasons.push('UNKNOWN_CERTIFICATE');
    else {
      if (paper && PAPER_FIELDS.some((f) => paper![f] !== record![f])) reasons.push('TAMPERED');
      const today = new Date(now + CST_OFFSET_MS).toISOString().slice(0, 10);
      if (record.status === 'REVOKED') reasons.push('REVOKED');
      if (record.status === 'EXPIRED' || (record.validUntil !== null && record.validUntil < today))
        reasons.push('EXPIRED');
      if (record.validFrom > today) reasons.push('NOT_YET_VALID');
    }
    return {
      valid: reasons.length === 0,
      reasons,
      certificate: record,
      checkedAt: new Date(now).toISOString(),
    };
  };
}
