import iconv from 'iconv-lite';

/** Most ids one bulk query may carry; more is answered 413. */
export const MAX_IDS = 500;
const ID = /^[0-9A-Z-]{5,32}$/;

export type IdListResult = { ok: true; ids: string[] } | { ok: false; status: 400 | 413; message: string };

/**
 * Reads the id list of a bulk query: plain text with one id a line, or a CSV whose
 * header is `SFZHM` (the system's own import format) with the id in the first column.
 * Blank lines are skipped; ids are upper-cased (a lower-case check letter x is common).
 */
export function readIdList(body: Buffer): IdListResult {
  const lines = iconv
    .decode(body, 'gbk')
    .split(/\r\n|\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const csv = lines[0]?.replace(/^"|"$/g, '').toUpperCase() === 'SFZHM';
  const raw = csv ? lines.slice(1).map((l) => (l.split(',')[0] ?? '').replace(/^"|"$/g, '').trim()) : lines;
  if (raw.length > MAX_IDS)
    return { ok: false, status: 413, message: `单次查询最多${MAX_IDS}个身份证号码，本次${raw.length}个` };
  const ids: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const id = raw[i]!.toUpperCase();
    if (!ID.test(id)) return { ok: false, status: 400, message: `第${i + 1}个身份证号码格式错误：${raw[i]}` };
    ids.push(id);
  }
  return { ok: true, ids };
}
