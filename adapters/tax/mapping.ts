import { badReply } from './errors';
import type { TaxCreditRating, TaxpayerStatus, TaxStatus } from './model';
import type { SqlRow } from './sql-reader';

/** NSRZT (纳税人状态代码) to canonical status; any other code is reported, never guessed. */
export const TAXPAYER_STATUS: Readonly<Record<string, TaxpayerStatus>> = {
  '03': 'NORMAL', // 正常
  '05': 'ABNORMAL', // 非正常
  '07': 'DEREGISTERED', // 注销
};

const RATINGS: readonly TaxCreditRating[] = ['A', 'B', 'M', 'C', 'D'];

/** The columns of V_GX_NSRZT the adapter reads, in the order it selects them. */
export const STATUS_COLUMNS = [
  'NSRSBH',
  'DJRQ',
  'XYDJ',
  'SWJG_DM',
  'SWJGMC',
  'NSRZT',
  'QSJE',
  'ZJSBQ',
] as const;

function text(row: SqlRow, column: string): string {
  const v = row[column];
  if (typeof v !== 'string' || v.trim() === '')
    throw badReply(`V_GX_NSRZT.${column} is not a non-empty string: ${JSON.stringify(v)}`);
  return v.trim();
}

/** DATETIME `YYYY-MM-DD[ HH:MM:SS[.ffffff]]` (both engines, mysql2 with dateStrings) to `YYYY-MM-DD`. */
export function legacyDate(row: SqlRow, column: string): string {
  const v = text(row, column);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?)?$/.exec(v);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (
    !m ||
    !date ||
    date.getUTCFullYear() !== Number(m[1]) ||
    date.getUTCMonth() !== Number(m[2]) - 1 ||
    date.getUTCDate() !== Number(m[3])
  )
    throw badReply(`V_GX_NSRZT.${column} is not a date: ${JSON.stringify(v)}`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Tax period `YYYYMM` to `YYYY-MM`. */
export function legacyPeriod(row: SqlRow, column: string): string {
  const v = text(row, column);
  const m = /^(\d{4})(0[1-9]|1[0-2])$/.exec(v);
  if (!m) throw badReply(`V_GX_NSRZT.${column} is not a tax period YYYYMM: ${JSON.stringify(v)}`);
  return `${m[1]}-${m[2]}`;
}

/** DECIMAL(18,2): a string from MariaDB, a number from SQLite; rounded to cents (SQLite sums in floating point). */
export function legacyAmount(row: SqlRow, column: string): number {
  const v = row[column];
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0)
    throw badReply(`V_GX_NSRZT.${column} is not an amount: ${JSON.stringify(v)}`);
  return Math.round(n * 100) / 100;
}

/** One V_GX_NSRZT row to the canonical TaxStatus; throws BAD_LEGACY_REPLY naming the column that breaks the contract. */
export function toTaxStatus(uscc: string, row: SqlRow): TaxStatus {
  const statusCode = text(row, 'NSRZT');
  const status = TAXPAYER_STATUS[statusCode];
  if (!status)
    throw badReply(`V_GX_NSRZT.NSRZT has an unknown taxpayer status code: ${JSON.stringify(statusCode)}`);
  const rating = text(row, 'XYDJ').toUpperCase() as TaxCreditRating;
  if (!RATINGS.includes(rating))
    throw badReply(`V_GX_NSRZT.XYDJ is not a credit level A/B/M/C/D: ${JSON.stringify(row.XYDJ)}`);
  if (row.SWJGMC == null)
    throw badReply(
      `V_GX_NSRZT.SWJGMC is NULL: tax office code ${JSON.stringify(row.SWJG_DM)} is not in the code table`,
    );
  return {
    uscc,
    taxpayerId: text(row, 'NSRSBH'),
    registeredOn: legacyDate(row, 'DJRQ'),
    creditRating: rating,
    taxOffice: text(row, 'SWJGMC'),
    status,
    arrears: legacyAmount(row, 'QSJE'),
    lastFiledPeriod: legacyPeriod(row, 'ZJSBQ'),
  };
}
