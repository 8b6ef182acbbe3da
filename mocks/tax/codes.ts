/**
 * The bureau's code tables, as the legacy database stores them: the register keeps codes,
 * never values, and the code tables (DM_*) turn them back into words.
 */

/** NSRZT_DM, taxpayer status (纳税人状态): what the register stores for each canonical status. */
export const TAXPAYER_STATUS_CODE = {
  NORMAL: '03', // 正常
  ABNORMAL: '05', // 非正常
  DEREGISTERED: '07', // 注销
} as const;

/** DM_NSRZT rows: code and name, including codes the world never uses (the real table has them). */
export const TAXPAYER_STATUS_TABLE: readonly [code: string, name: string][] = [
  ['01', '受理'],
  ['03', '正常'],
  ['04', '停业'],
  ['05', '非正常'],
  ['07', '注销'],
];

/** SWJG_DM, tax office codes (税务机关代码, 11 digits) for the office names the world uses. */
export const TAX_OFFICE_CODE: Record<string, string> = {
  国家税务总局上海市税务局: '13100000000',
  国家税务总局上海市普陀区税务局: '13101070000',
  国家税务总局上海市静安区税务局: '13101060000',
};

/** ZSXM_DM, levy items (征收项目) used by filings and arrears. */
export const LEVY_ITEM = {
  VAT: '10101', // 增值税
  CORPORATE_INCOME: '10104', // 企业所得税
  CITY_MAINTENANCE: '10109', // 城市维护建设税
} as const;
