import { createHash } from 'node:crypto';
import type { CertificateStatus, DepartmentCode, HolderType, WCertificate, WorldIndex } from '../data/world';
import { BadRequest } from './bad-request';
import { normalizeVerificationCode, verificationCodeOf } from './verification-code';

/** Two-letter id prefix of each issuing department, as in the world's certificate ids. */
export const ISSUER_PREFIX: Readonly<Record<DepartmentCode, string>> = {
  'public-security': 'PS',
  'market-supervision': 'MS',
  health: 'HL',
  housing: 'HS',
  tax: 'TX',
  'human-resources': 'HR',
  'big-data-center': 'BD',
  'service-center': 'SC',
};

/** What a department asks the library to issue (already validated by the route). */
export interface IssueRequest {
  requestId: string;
  type: string;
  title: string;
  issuerCode: DepartmentCode;
  holder: { type: HolderType; id: string };
  validFrom: string;
  validUntil: string | null;
  number?: string;
}

export interface Revocation {
  reason: string;
  /** ISO 8601 date-time. */
  revokedAt: string;
  requestId: string;
}

interface Remembered {
  fingerprint: string;
  id: string;
}

const fingerprint = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

/**
 * The certificate library: the world's certificates plus what departments issued and
 * revoked since start (kept in memory, lost on restart, as a mock may). Writes are
 * idempotent by request id: the same request id with the same content gives the same
 * certificate; with other content it is a conflict. Issued ids are derived from issuer
 * and request id, so a retry after a restart gets the same id again.
 */
export class CertificateLibrary {
  private readonly issued = new Map<string, WCertificate>();
  private readonly issuedByHolder = new Map<string, WCertificate[]>();
  private readonly issueRequests = new Map<string, Remembered>();
  private readonly revocations = new Map<string, Revocation>();
  private readonly revokeRequests = new Map<string, Remembered>();
  private readonly codes = new Map<string, string>();
  private worldCodesIndexed = false;

  constructor(
    private readonly world: WorldIndex,
    private readonly codeSeed: string,
    private readonly now: () => number,
  ) {}

  byId(id: string): WCertificate | undefined {
    return this.world.certificateById.get(id) ?? this.issued.get(id);
  }

  /** A holder's certificates: the world's first, then those issued since start, in issue order. */
  byHolder(holderId: string): WCertificate[] {
    return [
      ...(this.world.certificatesByHolder.get(holderId) ?? []),
      ...(this.issuedByHolder.get(holderId) ?? []),
    ];
  }

  status(c: WCertificate): CertificateStatus {
    return this.revocations.has(c.id) ? 'REVOKED' : c.status;
  }

  revocation(id: string): Revocation | undefined {
    return this.revocations.get(id);
  }

  verificationCode(id: string): string {
    return verificationCodeOf(this.codeSeed, id);
  }

  /** The certificate a printed verification code belongs to (typing slips of O/0 and I/L/1 forgiven). */
  byVerificationCode(typed: string): WCertificate | undefined {
    if (!this.worldCodesIndexed) {
      // Built on first use: most runs never look a code up, and a bulk world holds many certificates.
      for (const c of this.world.world.certificates) this.codes.set(this.verificationCode(c.id), c.id);
      this.worldCodesIndexed = true;
    }
    const id = this.codes.get(normalizeVerificationCode(typed));
    return id === undefined ? undefined : this.byId(id);
  }

  /** Issues a certificate, or returns the one this request id issued before. */
  issue(req: IssueRequest): { certificate: WCertificate; replayed: boolean } {
    const { requestId, ...content } = req;
    const seen = this.issueRequests.get(requestId);
    const print = fingerprint(content);
    if (seen) {
      if (seen.fingerprint !== print)
        throw new BadRequest(
          'IDEMPOTENCY_CONFLICT',
          `requestId ${requestId} already issued ${seen.id} with other content`,
          409,
        );
      return { certificate: this.byId(seen.id)!, replayed: true };
    }
    const hash = createHash('sha256').update(`${req.issuerCode}\n${requestId}`).digest('hex');
    const id = `${ISSUER_PREFIX[req.issuerCode]}-E-${hash.slice(0, 12).toUpperCase()}`;
    const year = req.validFrom.slice(0, 4);
    const certificate: WCertificate = {
      id,
      type: req.type,
      title: req.title,
      issuer: req.issuerCode,
      holderType: req.holder.type,
      holderId: req.holder.id,
      validFrom: req.validFrom,
      validUntil: req.validUntil,
      status: 'VALID',
      number:
        req.number ??
        `(${year})电子证照第${String(parseInt(hash.slice(12, 20), 16) % 1_000_000).padStart(6, '0')}号`,
    };
    this.issued.set(id, certificate);
    const list = this.issuedByHolder.get(certificate.holderId);
    if (list) list.push(certificate);
    else this.issuedByHolder.set(certificate.holderId, [certificate]);
    this.codes.set(this.verificationCode(id), id);
    this.issueRequests.set(requestId, { fingerprint: print, id });
    return { certificate, replayed: false };
  }

  /** Revokes a certificate; the same request id again answers the same revocation. */
  revoke(id: string, reason: string, requestId: string): { certificate: WCertificate; replayed: boolean } {
    const seen = this.revokeRequests.get(requestId);
    if (seen) {
      if (seen.fingerprint !== fingerprint({ id, reason }))
        throw new BadRequest(
          'IDEMPOTENCY_CONFLICT',
          `requestId ${requestId} already revoked ${seen.id} with other content`,
          409,
        );
      return { certificate: this.byId(id)!, replayed: true };
    }
    const certificate = this.byId(id);
    if (!certificate) throw new BadRequest('NOT_FOUND', `no certificate ${id}`, 404);
    if (this.status(certificate) === 'REVOKED')
      throw new BadRequest('ALREADY_REVOKED', `certificate ${id} is already revoked`, 409);
    this.revocations.set(id, { reason, revokedAt: new Date(this.now()).toISOString(), requestId });
    this.revokeRequests.set(requestId, { fingerprint: fingerprint({ id, reason }), id });
    return { certificate, replayed: false };
  }
}
