/**
 * The registry's record layouts (its COBOL copybook). Offsets and widths are in GB18030
 * BYTES, not characters: a Chinese character takes 2 bytes, a rare one 4, so a 60-byte
 * address field holds 30 common characters or 60 digits.
 */

export interface Field {
  offset: number;
  width: number;
}

function layout<N extends string>(
  fields: readonly (readonly [N, number])[],
): { length: number; fields: Record<N, Field> } {
  let offset = 0;
  const out = {} as Record<N, Field>;
  for (const [name, width] of fields) {
    out[name] = { offset, width };
    offset += width;
  }
  return { length: offset, fields: out };
}

/** Every reply record starts with its 3-byte type. */
export const RECORD_TYPE_WIDTH = 3;

export const RECORDS = {
  /** Header: return code (0000 all found, 0004 some keys not found), count of detail records. */
  HDR: layout([
    ['type', 3],
    ['returnCode', 4],
    ['count', 6],
  ]),
  /** Property: certificate, unit, address, area (hundredths of m²), usage code, registration date, mortgage flag, owners to follow. */
  PRP: layout([
    ['type', 3],
    ['certNo', 40],
    ['certId', 24],
    ['unitNo', 20],
    ['address', 60],
    ['area', 9],
    ['usage', 2],
    ['registeredOn', 8],
    ['mortgaged', 1],
    ['ownerCount', 2],
  ]),
  /** Owner of the preceding property: P/C, id, share (hundredths of %). */
  OWN: layout([
    ['type', 3],
    ['ownerType', 1],
    ['ownerId', 18],
    ['share', 5],
  ]),
  /** Not found: the key as sent. */
  NFD: layout([
    ['type', 3],
    ['key', 40],
  ]),
  /** Error: code, retry-after seconds (000000 when none), message. */
  ERR: layout([
    ['type', 3],
    ['code', 4],
    ['retryAfter', 6],
    ['message', 60],
  ]),
  /** Trailer: count of detail records again, so a cut reply is noticed. */
  END: layout([
    ['type', 3],
    ['count', 6],
  ]),
} as const;

export type RecordType = keyof typeof RECORDS;

export const LONGEST_RECORD = Math.max(...Object.values(RECORDS).map((r) => r.length));

/** Request layout: transaction code (4), key count (2), keys. */
export const REQUEST = {
  tranWidth: 4,
  countWidth: 2,
  ownerTypeWidth: 1,
  ownerIdWidth: 18,
  certNoWidth: 40,
} as const;

/** Most keys one request may carry. */
export const MAX_KEYS_PER_REQUEST = 20;

/** Usage codes of the register. */
export const USAGE_BY_CODE = {
  '10': 'RESIDENTIAL',
  '20': 'COMMERCIAL',
  '30': 'OFFICE',
  '40': 'INDUSTRIAL',
} as const;
