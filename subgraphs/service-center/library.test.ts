import type { Certificate } from './library';
import { bestOfType, standing, validUntil } from './library';

const cert = (id: string, extra: Partial<Certificate>): Certificate => ({
  id,
  type: 'FOOD_BUSINESS_PERMIT',
  title: '食品经营许可证',
  number: id,
  issuerCode: 'market-supervision',
  holderType: 'COMPANY',
  holderId: '91310107MA1H2R8N79',
  status: 'VALID',
  validFrom: '2021-11-01',
  validUntil: '2026-10-31',
  issuerSignature: 'sig',
  verificationCode: 'K7QM-3XWP-9T',
  ...extra,
});

describe('certificate standing', () => {
  it('trusts a revocation and an expiry, and judges the dates of a certificate the library still calls valid', () => {
    expect(
      [
        cert('a', { status: 'REVOKED' }),
        cert('b', { status: 'EXPIRED', validUntil: '2030-01-01' }),
        cert('c', { validUntil: '2026-11-25' }),
        cert('d', { validFrom: '2026-11-27', validUntil: null }),
        cert('e', { validUntil: '2026-11-26' }),
      ].map((c) => standing(c, '2026-11-26')),
    ).toEqual(['REVOKED', 'EXPIRED', 'EXPIRED', 'NOT_YET_VALID', 'VALID']);
  });

  it('picks the longest-lasting valid certificate of a type, else the newest held', () => {
    const expired = cert('MS-FBP-OLD', { status: 'EXPIRED' });
    const renewed = cert('MS-FBP-NEW', { validFrom: '2026-10-20', validUntil: '2031-10-19' });
    expect(bestOfType([expired, renewed], 'FOOD_BUSINESS_PERMIT', '2026-11-26')).toEqual({
      certificate: renewed,
      standing: 'VALID',
    });
    expect(bestOfType([expired], 'FOOD_BUSINESS_PERMIT', '2026-11-26')).toEqual({
      certificate: expired,
      standing: 'EXPIRED',
    });
    expect(bestOfType([expired], 'DRUG_RETAIL_PERMIT', '2026-11-26')).toBeNull();
  });

  it('ends a validity of n years the day before the anniversary, leap days included', () => {
    expect([validUntil('2022-07-01', 4), validUntil('2026-11-26', 5), validUntil('2024-02-29', 1)]).toEqual([
      '2026-06-30',
      '2031-11-25',
      '2025-02-28',
    ]);
  });
});
