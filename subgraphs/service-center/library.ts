import type { BigDataCenterAdapter, Certificate } from '../../adapters/big-data-center';

export type { Certificate, HolderRef } from '../../adapters/big-data-center';

/**
 * What the service centre needs of the Big Data Center's certificate library: a holder's
 * certificates (batched per request by the adapter) and issuing one. The big-data-center adapter
 * is one; tests may hand in another.
 */
export type CertificateLibrary = Pick<BigDataCenterAdapter, 'certificatesByHolder' | 'issueCertificate'> & {
  close?(): Promise<void>;
  ready?(): Promise<boolean>;
};

/** Days are compared as YYYY-MM-DD text, which sorts like the calendar. */
export type IsoDay = string;

/** How a certificate stands on `today`, from the library's status and its own dates. */
export type CertificateStanding = 'VALID' | 'EXPIRED' | 'REVOKED' | 'NOT_YET_VALID';

export function standing(c: Certificate, today: IsoDay): CertificateStanding {
  if (c.status === 'REVOKED') return 'REVOKED';
  // The library marks expiry in a nightly run; a certificate past its last day is expired today.
  if (c.status === 'EXPIRED' || (c.validUntil !== null && c.validUntil < today)) return 'EXPIRED';
  if (c.validFrom > today) return 'NOT_YET_VALID';
  return 'VALID';
}

/**
 * The certificate of `type` that best speaks for the holder: a valid one (the longest-lasting),
 * else the most recent one held, whatever its state; null when none was ever issued.
 */
export function bestOfType(
  certificates: readonly Certificate[],
  type: string,
  today: IsoDay,
): { certificate: Certificate; standing: CertificateStanding } | null {
  const ofType = certificates.filter((c) => c.type === type);
  if (ofType.length === 0) return null;
  const until = (c: Certificate) => c.validUntil ?? '9999-12-31';
  const valid = ofType
    .filter((c) => standing(c, today) === 'VALID')
    .sort((a, b) => until(b).localeCompare(until(a)));
  const pick = valid[0] ?? [...ofType].sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0]!;
  return { certificate: pick, standing: standing(pick, today) };
}

/** `years` years of validity from `from`, ending the day before the anniversary (2022-07-01 + 4: 2026-06-30). */
export function validUntil(from: IsoDay, years: number): IsoDay {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
