import type { WEmployment, WorldIndex } from '../data/world';

/** The legacy column names of the bulk export, in order (the real system's Chinese headers). */
export const SS_COLUMNS = [
  '身份证号码',
  '姓名',
  '社保卡号',
  '参保状态',
  '单位名称',
  '统一社会信用代码',
  '参保日期',
  '累计缴费月数',
  '末次缴费年月',
  '缴费基数',
  '备注',
] as const;

/**
 * Records opened before the 2015 migration keep the old system's numeric status codes
 * (1 contributing, 2 suspended, 3 retired); records opened since carry Chinese words.
 */
const MIGRATION_DATE = '2015-01-01';
const STATUS_CODE: Record<WEmployment['status'], string> = {
  CONTRIBUTING: '1',
  SUSPENDED: '2',
  RETIRED: '3',
};
const STATUS_WORD: Record<WEmployment['status'], string> = {
  CONTRIBUTING: '正常参保',
  SUSPENDED: '暂停缴费',
  RETIRED: '退休',
};
/** Flexible employment (self-employed) has no employer code; the export names it so. */
const FLEXIBLE_EMPLOYMENT = '灵活就业人员';

/**
 * The remark the HR system writes: clerks' notes joined by '；', with the ASCII commas,
 * quotes and line breaks that make the export need RFC 4180 quoting.
 */
export function remarkFor(world: WorldIndex, e: WEmployment): string {
  const notes: string[] = [];
  if (e.status === 'CONTRIBUTING') notes.push('缴费正常,无欠费');
  else if (e.status === 'SUSPENDED') notes.push('暂停缴费,待续保');
  else notes.push('已办理退休,按月领取养老金');
  const person = world.personById.get(e.personId);
  if (person?.documentType === 'PASSPORT' || person?.documentType === 'FOREIGN_PERMANENT_RESIDENCE_ID')
    notes.push('外籍人员,凭外国人工作许可参保');
  if (
    person?.documentType === 'HK_MACAO_RESIDENCE_PERMIT' ||
    person?.documentType === 'TAIWAN_RESIDENCE_PERMIT'
  )
    notes.push('港澳台居民,凭居住证参保');
  const oldCards = (world.certificatesByHolder.get(e.personId) ?? []).filter(
    (c) => c.type === 'SOCIAL_SECURITY_CARD' && c.status !== 'VALID' && c.number !== e.socialSecurityCardNo,
  );
  for (const c of oldCards) notes.push(`已换发新卡,旧卡"${c.number}"已注销`);
  const text = notes.join('；');
  return e.startedOn < MIGRATION_DATE ? `原系统迁移记录\n${text}` : text;
}

/** One person's export row, all fields as the legacy system prints them. */
export function rowFor(world: WorldIndex, e: WEmployment): string[] {
  const migrated = e.startedOn < MIGRATION_DATE;
  return [
    e.personId,
    world.personById.get(e.personId)?.name ?? '',
    e.socialSecurityCardNo,
    migrated ? STATUS_CODE[e.status] : STATUS_WORD[e.status],
    e.employerUscc === null ? FLEXIBLE_EMPLOYMENT : e.employerName,
    e.employerUscc ?? '',
    e.startedOn,
    String(e.contributionMonths),
    e.lastContributionMonth.replace('-', ''),
    e.monthlyBase.toFixed(2),
    remarkFor(world, e),
  ];
}
