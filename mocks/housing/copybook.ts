import iconv from 'iconv-lite';

/**
 * The registry's record layouts (its COBOL copybook), widths in GB18030 BYTES. The mock
 * keeps its own copy on purpose: it fakes the mainframe and must not share code with the
 * adapter that reads it (a shared bug would pass both sides).
 */
export const WIDTH = {
  tran: 4,
  keyCount: 2,
  ownerType: 1,
  ownerId: 18,
  certNo: 40,
  recordType: 3,
  returnCode: 4,
  recordCount: 6,
  certId: 24,
  unitNo: 20,
  address: 60,
  area: 9,
  usage: 2,
  date: 8,
  flag: 1,
  ownerCount: 2,
  share: 5,
  errCode: 4,
  retryAfter: 6,
  message: 60,
} as const;

/** Most keys one QOWN / QCRT request may carry. */
export const MAX_KEYS = 20;

export const CRLF = Buffer.from('\r\n', 'latin1');

/** Usage codes of the register (10 住宅, 20 商业, 30 办公, 40 工业). */
export const USAGE_CODE = { RESIDENTIAL: '10', COMMERCIAL: '20', OFFICE: '30', INDUSTRIAL: '40' } as const;

export function encode(text: string): Buffer {
  return iconv.encode(text, 'gb18030');
}

export function decode(bytes: Buffer): string {
  return iconv.decode(bytes, 'gb18030');
}

/**
 * A text field: GB18030, right-padded with spaces to `width` bytes. Too long a value is cut
 * at a character boundary, never inside a multi-byte character (the mainframe's MOVE would
 * cut bytes; the registry's front end fixed that after half-characters reached printed
 * certificates), and the freed bytes are padded.
 */
export function text(value: string, width: number): Buffer {
  const out = Buffer.alloc(width, 0x20);
  let used = 0;
  for (const ch of value) {
    const bytes = encode(ch);
    if (used + bytes.length > width) break;
    bytes.copy(out, used);
    used += bytes.length;
  }
  return out;
}

/** A numeric field: zero-padded digits; a value that does not fit is a data error, not something to cut. */
export function num(value: number, width: number): Buffer {
  const digits = String(Math.round(value));
  if (!/^\d+$/.test(digits) || digits.length > width)
    throw new RangeError(`${value} does not fit a ${width}-digit field`);
  return Buffer.from(digits.padStart(width, '0'), 'latin1');
}

/** One record: its fields concatenated, then CRLF. */
export function record(...fields: Buffer[]): Buffer {
  return Buffer.concat([...fields, CRLF]);
}

/** `yyyyMMdd` from an ISO date. */
export function yyyymmdd(iso: string): Buffer {
  return Buffer.from(iso.replace(/-/g, ''), 'latin1');
}
