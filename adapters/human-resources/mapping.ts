import { parseUscc } from '../kit/identity';
import { logger } from '../kit/logger';
import { badReply } from './errors';
import type { LegacySsRecord } from './legacy-record';
import type { SocialSecurity, SocialSecurityStatus } from './model';

/**
 * Status as printed: records migrated from the pre-2015 system carry numeric codes, newer ones
 * Chinese words (the system has used two wordings for "contributing" over the years).
 */
const STATUS: Record<string, SocialSecurityStatus> = {
  '1': 'CONTRIBUTING',
  正常参保: 'CONTRIBUTING',
  参保缴费: 'CONTRIBUTING',
  '2': 'SUSPENDED',
  暂停缴费: 'SUSPENDED',
  暂停参保: 'SUSPENDED',
  '3': 'RETIRED',
  退休: 'RETIRED',
  离退休: 'RETIRED',
};

function isoDate(column: string, s: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.toISOString().slice(0, 10) !== s)
    throw badReply(`${column} is not a date yyyy-MM-dd: ${JSON.stringify(s)}`);
  return s;
}

/** 末次缴费年月 is printed yyyyMM; yyyy-MM is read too. */
function yearMonth(column: string, s: string): string {
  const m = /^(\d{4})-?(0[1-9]|1[0-2])$/.exec(s);
  if (!m) throw badReply(`${column} is not a month yyyyMM: ${JSON.stringify(s)}`);
  return `${m[1]}-${m[2]}`;
}

function wholeNumber(column: string, s: string): number {
  if (!/^\d{1,4}$/.test(s)) throw badReply(`${column} is not a whole number: ${JSON.stringify(s)}`);
  return Number(s);
}

function amount(column: string, s: string): number {
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(s)) throw badReply(`${column} is not an amount: ${JSON.stringify(s)}`);
  return Number(s);
}

/**
 * An employer code that fails GB 32100 is dropped (null), not trusted: it could point at
 * another company. The name stays, and the data problem is logged for the department.
 */
function employerCode(personId: string, s: string): string | null {
  if (s === '') return null;
  try {
    return parseUscc(s);
  } catch {
    logger.warn(
      { department: 'human-resources', personId, uscc: s },
      'invalid employer credit code in social security record',
    );
    return null;
  }
}

/** Legacy export row -> canonical SocialSecurity; a malformed field is BAD_LEGACY_REPLY. */
export function toSocialSecurity(personId: string, r: LegacySsRecord): SocialSecurity {
  const status = STATUS[r.status.trim()];
  if (!status) throw badReply(`参保状态 is not a known status: ${JSON.stringify(r.status)}`);
  if (!r.cardNumber.trim()) throw badReply('社保卡号 is empty');
  return {
    personId,
    cardNumber: r.cardNumber.trim(),
    status,
    employerName: r.employerName.trim(),
    employerUscc: employerCode(personId, r.employerUscc.trim()),
    since: isoDate('参保日期', r.since.trim()),
    contributionMonths: wholeNumber('累计缴费月数', r.contributionMonths.trim()),
    lastContributionMonth: yearMonth('末次缴费年月', r.lastContributionMonth.trim()),
    monthlyBase: amount('缴费基数', r.monthlyBase.trim()),
    remark: r.remark,
    nameOnRecord: r.name,
    nameOnRecordComplete: !r.name.includes('?'),
  };
}
