/** A CSV reply that breaks RFC 4180 framing; the client turns it into BAD_LEGACY_REPLY. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based physical line where the problem is. */
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Parses RFC 4180 CSV text into records of fields. Quoted fields may hold commas, line
 * breaks and doubled quotes (`""` is one `"`); a quote inside an unquoted field, text after a
 * closing quote and an unterminated quote are errors, never guessed at, because a guess would
 * shift every later column of someone's record. Line ends may be CRLF, LF or CR (the export is
 * CRLF, remarks typed on other systems carry bare LF); completely empty lines are skipped.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  /** The current field was quoted and its closing quote has been read. */
  let closed = false;
  let line = 1;
  let quoteLine = 0;
  const endField = () => {
    record.push(field);
    field = '';
    closed = false;
  };
  const endRecord = () => {
    endField();
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          closed = true;
        }
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
      continue;
    }
    if (c === ',') {
      endField();
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
    } else if (closed) {
      throw new CsvSyntaxError(`unexpected ${JSON.stringify(c)} after a closing quote`, line);
    } else if (c === '"') {
      if (field !== '') throw new CsvSyntaxError('quote inside an unquoted field', line);
      quoted = true;
      quoteLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new CsvSyntaxError('quoted field never closed', quoteLine);
  if (field !== '' || closed || record.length > 0) endRecord();
  return records;
}
