import type { WCertificate } from '../data/world';
import type { IssuerKeyring } from './issuer-keys';
import type { CertificateLibrary } from './library';

/** A certificate as the platform's JSON API renders it (camelCase, holder as a reference). */
export interface CertificateRecord {
  id: string;
  type: string;
  title: string;
  number: string;
  issuerCode: string;
  holder: { type: 'PERSON' | 'COMPANY'; id: string };
  status: 'VALID' | 'EXPIRED' | 'REVOKED';
  validFrom: string;
  validUntil: string | null;
  signatureAlgorithm: 'Ed25519';
  issuerSignature: string;
  /** The short code printed on paper copies; the library finds the certificate by it. */
  verificationCode: string;
  /** Only when revoked through the library: when (ISO 8601) and why. */
  revokedAt?: string;
  revocationReason?: string;
}

/** Renders library certificates, signing each once (the library stores the issuer's signature with the record). */
export class CertificateRenderer {
  private readonly signatures = new WeakMap<WCertificate, string>();

  constructor(
    private readonly keys: IssuerKeyring,
    private readonly library: CertificateLibrary,
  ) {}

  render(c: WCertificate): CertificateRecord {
    let signature = this.signatures.get(c);
    if (signature === undefined) {
      signature = this.keys.signCertificate(c);
      this.signatures.set(c, signature);
    }
    const record: CertificateRecord = {
      id: c.id,
      type: c.type,
      title: c.title,
      number: c.number,
      issuerCode: c.issuer,
      holder: { type: c.holderType, id: c.holderId },
      status: this.library.status(c),
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      signatureAlgorithm: 'Ed25519',
      issuerSignature: signature,
      verificationCode: this.library.verificationCode(c.id),
    };
    const revocation = this.library.revocation(c.id);
    if (revocation) {
      record.revokedAt = revocation.revokedAt;
      record.revocationReason = revocation.reason;
    }
    return record;
  }
}
