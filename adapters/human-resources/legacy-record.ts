/**
 * The columns of the bulk export the adapter reads, by their legacy Chinese header names.
 * Columns are found by name, so a reordered or extended export still reads; a missing or
 * renamed one is a BAD_LEGACY_REPLY (see reply.ts).
 */
export const SS_COLUMNS = {
  personId: '身份证号码',
  name: '姓名',
  cardNumber: '社保卡号',
  status: '参保状态',
  employerName: '单位名称',
  employerUscc: '统一社会信用代码',
  since: '参保日期',
  contributionMonths: '累计缴费月数',
  lastContributionMonth: '末次缴费年月',
  monthlyBase: '缴费基数',
  remark: '备注',
} as const;

export type SsColumn = keyof typeof SS_COLUMNS;

/** One row of the export, every field still the legacy text. */
export type LegacySsRecord = Record<SsColumn, string>;
