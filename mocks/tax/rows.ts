import { GOLDEN } from '../data/golden';
import type { WorldIndex, WTaxRecord } from '../data/world';
import { LEVY_ITEM, TAXPAYER_STATUS_CODE, TAXPAYER_STATUS_TABLE, TAX_OFFICE_CODE } from './codes';
import { TABLES } from './schema';

export type Row = (string | number | null)[];
export type TableRows = Record<(typeof TABLES)[number], Row[]>;

/** Column order of the rows below, per table (the INSERT statements use it). */
export const COLUMNS: Record<(typeof TABLES)[number], string[]> = {
  DM_SWJG: ['SWJG_DM', 'SWJGMC', 'SJSWJG_DM', 'YXBZ'],
  DM_NSRZT: ['NSRZT_DM', 'NSRZTMC'],
  DJ_NSRXX: ['DJXH', 'NSRSBH', 'SHXYDM', 'NSRMC', 'DJRQ', 'ZGSWJ_DM', 'NSRZT_DM', 'YXBZ', 'LRRQ'],
  XY_PJJG: ['DJXH', 'PJND', 'XYDJ', 'PJFS'],
  SB_SBXX: ['SBXH', 'DJXH', 'ZSXM_DM', 'SSSQ', 'SBRQ', 'YBTSE'],
  SB_QSXX: ['QSXH', 'DJXH', 'ZSXM_DM', 'SSSQ', 'QSJE', 'JQBZ'],
};

/** The latest evaluation year (the world's rating) and the one before it. */
const RATING_YEAR = 2025;
const PREVIOUS: Record<WTaxRecord['creditRating'], WTaxRecord['creditRating']> = {
  A: 'B',
  B: 'A',
  M: 'M',
  C: 'B',
  D: 'C',
};
const SCORE: Record<WTaxRecord['creditRating'], number> = { A: 92.5, B: 80, M: 70, C: 55, D: 30 };
const SUPERMARKET_OLD_TAXPAYER_ID = '310107630012345';
const RESTAURANT = GOLDEN.restaurant;
const SUPERMARKET = GOLDEN.supermarket;

/** `YYYY-MM` shifted by `months` (negative goes back), as the legacy `YYYYMM`. */
function period(yyyyMm: string, months: number): string {
  const [y, m] = yyyyMm.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + months;
  return `${Math.floor(t / 12)}${String((t % 12) + 1).padStart(2, '0')}`;
}

/** The 15th of the month after a period: when the return was filed. */
function filedOn(yyyymm: string): string {
  const next = period(`${yyyymm.slice(0, 4)}-${yyyymm.slice(4)}`, 1);
  return `${next.slice(0, 4)}-${next.slice(4)}-15 09:30:00`;
}

function officeCode(name: string): string {
  const code = TAX_OFFICE_CODE[name];
  if (!code) throw new Error(`tax mock: no SWJG_DM for tax office "${name}"; add it to codes.ts`);
  return code;
}

/**
 * Projects the world's tax records into the bureau's tables: codes instead of values,
 * DATETIME registration dates, ratings per year, filings per period and arrears per levy
 * item (the supermarket's 1,280.50 is VAT 1,000.00 plus city maintenance tax 280.50;
 * the restaurant has a cleared arrear that must not count).
 */
export function buildRows(world: WorldIndex): TableRows {
  const rows: TableRows = { DM_SWJG: [], DM_NSRZT: [], DJ_NSRXX: [], XY_PJJG: [], SB_SBXX: [], SB_QSXX: [] };
  for (const [name, code] of Object.entries(TAX_OFFICE_CODE))
    rows.DM_SWJG.push([code, name, code === '13100000000' ? null : '13100000000', 'Y']);
  for (const [code, name] of TAXPAYER_STATUS_TABLE) rows.DM_NSRZT.push([code, name]);
  let sbxh = 1;
  let qsxh = 1;
  world.world.tax.forEach((t, i) => {
    const djxh = 10_000_000_001 + i;
    const company = world.companyByUscc.get(t.uscc);
    const name = company?.name ?? t.uscc;
    rows.DJ_NSRXX.push([
      djxh,
      t.taxpayerId,
      t.uscc,
      name,
      `${t.registeredOn} 00:00:00`,
      officeCode(t.taxOffice),
      TAXPAYER_STATUS_CODE[t.status],
      'Y',
      `${t.registeredOn} 10:12:00`,
    ]);
    rows.XY_PJJG.push([djxh, RATING_YEAR - 1, PREVIOUS[t.creditRating], SCORE[PREVIOUS[t.creditRating]]]);
    rows.XY_PJJG.push([djxh, RATING_YEAR, t.creditRating, SCORE[t.creditRating]]);
    for (let k = 2; k >= 0; k--) {
      const p = period(t.lastFiledPeriod, -k);
      rows.SB_SBXX.push([sbxh++, djxh, LEVY_ITEM.VAT, p, filedOn(p), 1000 + ((i * 37 + k * 11) % 9000)]);
    }
    if (t.arrears > 0) {
      const p = period(t.lastFiledPeriod, -1);
      // Whole thousands owed as VAT, the rest as city maintenance tax (the supermarket: 1,000.00 + 280.50).
      const vat = Math.floor(t.arrears / 1000) * 1000;
      const surtax = Math.round((t.arrears - vat) * 100) / 100;
      if (vat > 0) rows.SB_QSXX.push([qsxh++, djxh, LEVY_ITEM.VAT, p, vat, 'N']);
      if (surtax > 0) rows.SB_QSXX.push([qsxh++, djxh, LEVY_ITEM.CITY_MAINTENANCE, p, surtax, 'N']);
    } else if (t.uscc === RESTAURANT) {
      rows.SB_QSXX.push([qsxh++, djxh, LEVY_ITEM.CORPORATE_INCOME, '202503', 560, 'Y']);
    }
    if (t.uscc === SUPERMARKET) {
      // The supermarket's pre-2015 registration under its old 15-digit id, superseded at the licence merger.
      rows.DJ_NSRXX.push([
        djxh + 5_000_000_000,
        SUPERMARKET_OLD_TAXPAYER_ID,
        null,
        name,
        `${t.registeredOn} 00:00:00`,
        officeCode(t.taxOffice),
        TAXPAYER_STATUS_CODE.DEREGISTERED,
        'N',
        `${t.registeredOn} 10:12:00`,
      ]);
    }
  });
  return rows;
}

export function rowCount(rows: TableRows): number {
  return Object.values(rows).reduce((n, r) => n + r.length, 0);
}
