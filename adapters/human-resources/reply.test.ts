import iconv from 'iconv-lite';
import { decodeGbk, readSsExport } from './reply';

const HEADER =
  '身份证号码,姓名,社保卡号,参保状态,单位名称,统一社会信用代码,参保日期,累计缴费月数,末次缴费年月,缴费基数,备注';
const ROW =
  '310107199003070017,张伟,SH0017350017,正常参保,上海普陀张记餐饮有限公司,91310107MA1FL3K2XE,2019-05-01,91,202610,15000.00,"缴费正常,无欠费"';

describe('readSsExport', () => {
  it('reads a row by column name', () => {
    expect(readSsExport(`${HEADER}\r\n${ROW}\r\n`)).toEqual([
      {
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
      },
    ]);
  });

  it('reads reordered columns and tolerates an extra one', () => {
    const header =
      '备注,身份证号码,姓名,社保卡号,参保状态,单位名称,统一社会信用代码,参保日期,累计缴费月数,末次缴费年月,缴费基数,经办机构';
    const row = '"a ""b"", c",310107199003070017,张伟,SH1,1,X,,2019-05-01,1,202610,1.00,普陀区社保中心';
    expect(readSsExport(`${header}\r\n${row}`)[0]).toMatchObject({
      remark: 'a "b", c',
      personId: '310107199003070017',
      employerUscc: '',
    });
  });

  it('answers no records for a header-only export', () => {
    expect(readSsExport(`${HEADER}\r\n`)).toEqual([]);
  });

  it('refuses a renamed column with BAD_LEGACY_REPLY', () => {
    expect(() => readSsExport(`${HEADER.replace('缴费基数', '月缴费基数')}\r\n`)).toThrow(
      expect.objectContaining({
        code: 'BAD_LEGACY_REPLY',
        message: 'human-resources: reply header lacks column 缴费基数',
      }),
    );
  });

  it('refuses a column named twice', () => {
    expect(() => readSsExport(`${HEADER},备注\r\n`)).toThrow(
      'human-resources: reply header has column 备注 twice',
    );
  });

  it('refuses an empty reply', () => {
    expect(() => readSsExport('')).toThrow('human-resources: reply has no header row');
  });

  it('refuses a row narrower than the header (an unquoted comma shifted the columns)', () => {
    expect(() =>
      readSsExport(`${HEADER}\r\n${ROW.replace(',"缴费正常,无欠费"', ',缴费正常,无欠费')}\r\n`),
    ).toThrow(
      expect.objectContaining({
        code: 'BAD_LEGACY_REPLY',
        message: 'human-resources: reply row 1 has 12 fields, the header 11',
      }),
    );
  });

  it('refuses broken CSV framing with BAD_LEGACY_REPLY', () => {
    expect(() => readSsExport(`${HEADER}\r\n${ROW.slice(0, -1)}`)).toThrow(
      expect.objectContaining({
        code: 'BAD_LEGACY_REPLY',
        message: 'human-resources: reply is not valid CSV: quoted field never closed (line 2)',
      }),
    );
  });
});

describe('decodeGbk', () => {
  it('decodes the golden employers from GBK bytes', () => {
    expect(decodeGbk(iconv.encode('上海普陀惠民超市有限公司,陳家明', 'gbk'))).toBe(
      '上海普陀惠民超市有限公司,陳家明',
    );
  });

  it('refuses bytes that are not GBK', () => {
    expect(() => decodeGbk(Buffer.from([0x41, 0x80, 0x80, 0xa1]))).toThrow(
      expect.objectContaining({
        code: 'BAD_LEGACY_REPLY',
        message: 'human-resources: reply is not GBK text',
      }),
    );
  });

  it('refuses a UTF-8 export (the wrong encoding)', () => {
    expect(() => decodeGbk(Buffer.from(`${HEADER}\r\n`, 'utf8'))).toThrow(
      'human-resources: reply is not GBK text',
    );
  });

  it('lets UTF-8 through as garbled text where its bytes happen to be GBK, and the header check refuses it', () => {
    expect(() => readSsExport(decodeGbk(Buffer.from('姓名,社保卡号', 'utf8')))).toThrow(
      'human-resources: reply header lacks column 身份证号码',
    );
  });
});
