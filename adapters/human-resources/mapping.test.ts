import { toSocialSecurity } from './mapping';
import type { LegacySsRecord } from './legacy-record';

const RECORD: LegacySsRecord = {
  personId: '310107199003070017',
  name: '张伟',
  cardNumber: 'SH0017350017',
  status: '正常参保',
  employerName: '上海普陀张记餐饮有限公司',
  employerUscc: '91310107MA1FL3K2XE',
  since: '2019-05-01',
  contributionMonths: '91',
  lastContributionMonth: '202610',
  monthlyBase: '15000.00',
  remark: '缴费正常,无欠费',
};
const map = (patch: Partial<LegacySsRecord>) => toSocialSecurity(RECORD.personId, { ...RECORD, ...patch });

describe('toSocialSecurity', () => {
  it('maps numeric status codes and Chinese words alike', () => {
    expect(['1', '正常参保', '2', '暂停缴费', '3', '退休'].map((status) => map({ status }).status)).toEqual([
      'CONTRIBUTING',
      'CONTRIBUTING',
      'SUSPENDED',
      'SUSPENDED',
      'RETIRED',
      'RETIRED',
    ]);
  });

  it('reads the last contribution month printed yyyyMM or yyyy-MM', () => {
    expect(
      [map({ lastContributionMonth: '202601' }), map({ lastContributionMonth: '2026-01' })].map(
        (s) => s.lastContributionMonth,
      ),
    ).toEqual(['2026-01', '2026-01']);
  });

  it('reads a base with or without decimals, in CNY', () => {
    expect([map({ monthlyBase: '7310' }).monthlyBase, map({ monthlyBase: '7310.5' }).monthlyBase]).toEqual([
      7310, 7310.5,
    ]);
  });

  it('gives the self-employed no employer code', () => {
    expect(map({ employerName: '灵活就业人员', employerUscc: '' })).toMatchObject({
      employerName: '灵活就业人员',
      employerUscc: null,
    });
  });

  it('drops an employer code that fails its check character rather than point at another company', () => {
    expect(map({ employerUscc: '91310107MA1FL3K2XA' }).employerUscc).toBeNull();
  });

  it.each([
    [{ status: '注销' }, '参保状态 is not a known status: "注销"'],
    [{ since: '2019/05/01' }, '参保日期 is not a date yyyy-MM-dd: "2019/05/01"'],
    [{ since: '2019-02-30' }, '参保日期 is not a date yyyy-MM-dd: "2019-02-30"'],
    [{ contributionMonths: '9l' }, '累计缴费月数 is not a whole number: "9l"'],
    [{ lastContributionMonth: '202613' }, '末次缴费年月 is not a month yyyyMM: "202613"'],
    [{ monthlyBase: '15,000.00' }, '缴费基数 is not an amount: "15,000.00"'],
    [{ cardNumber: ' ' }, '社保卡号 is empty'],
  ])('refuses %j with BAD_LEGACY_REPLY', (patch, message) => {
    expect(() => map(patch)).toThrow(
      expect.objectContaining({ code: 'BAD_LEGACY_REPLY', message: `human-resources: ${message}` }),
    );
  });
});
