import iconv from 'iconv-lite';
import { CsvSyntaxError, parseCsv } from './csv';
import { badReply } from './errors';
import { SS_COLUMNS, type LegacySsRecord, type SsColumn } from './legacy-record';

/**
 * Decodes the GBK body. A byte sequence GBK does not define decodes to U+FFFD; the real
 * export never holds one (unencodable characters were already '?' on its side), so one
 * means the bytes are not this protocol.
 */
export function decodeGbk(body: Buffer): string {
  const text = iconv.decode(body, 'gbk');
  if (text.includes('\uFFFD') || text.includes('\u0000')) throw badReply('reply is not GBK text');
  return text;
}

/**
 * Reads the bulk export into records keyed by identity number. The header must name every
 * column the adapter reads (found by name; extra columns are tolerated) and every row must be
 * as wide as the header: a short or long row means the framing is off and no field of the
 * reply can be trusted, so the whole reply is refused.
 */
export function readSsExport(text: string): LegacySsRecord[] {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw badReply(`reply is not valid CSV: ${e.message}`, e);
    throw e;
  }
  const header = rows[0];
  if (!header) throw badReply('reply has no header row');
  const index = {} as Record<SsColumn, number>;
  for (const [key, name] of Object.entries(SS_COLUMNS) as [SsColumn, string][]) {
    const at = header.indexOf(name);
    if (at < 0) throw badReply(`reply header lacks column ${name}`);
    if (header.indexOf(name, at + 1) >= 0) throw badReply(`reply header has column ${name} twice`);
    index[key] = at;
  }
  return rows.slice(1).map((row, i) => {
    if (row.length !== header.length)
      throw badReply(`reply row ${i + 1} has ${row.length} fields, the header ${header.length}`);
    const record = {} as LegacySsRecord;
    for (const key of Object.keys(index) as SsColumn[]) record[key] = row[index[key]]!;
    return record;
  });
}
