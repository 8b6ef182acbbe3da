import type { WProperty, WorldIndex } from '../data/world';
import { MAX_KEYS, USAGE_CODE, WIDTH as W, decode, num, record, text, yyyymmdd } from './copybook';

/** The registry's error codes (ERR records). */
export const ERR = {
  MALFORMED: { code: 'E010', message: '请求记录格式错误' },
  UNKNOWN_TRAN: { code: 'E011', message: '交易代码不存在' },
  KEY_COUNT: { code: 'E012', message: '查询键数量应为01至20' },
  ABEND: { code: 'E900', message: '交易异常终止 ABEND ASRA，请重试' },
  MAINTENANCE: { code: 'E901', message: '系统维护中，请稍后再试' },
  THROTTLED: { code: 'E902', message: '交易请求过于频繁，请稍后再试' },
} as const;

export type ErrDef = (typeof ERR)[keyof typeof ERR];

/** A parsed request: the transaction (for the counters) and its keys, or why it was refused. */
export type ParsedRequest =
  | { ok: true; tran: 'QOWN'; keys: { type: 'PERSON' | 'COMPANY'; id: string }[] }
  | { ok: true; tran: 'QCRT'; keys: string[] }
  | { ok: false; tran: string; keyCount: number; err: ErrDef };

const KEY_WIDTH = { QOWN: W.ownerType + W.ownerId, QCRT: W.certNo } as const;

/** Reads one request record (without its CRLF). */
export function parseRequest(line: Buffer): ParsedRequest {
  const tran = line.subarray(0, W.tran).toString('latin1');
  if (tran !== 'QOWN' && tran !== 'QCRT')
    return { ok: false, tran: 'unknown', keyCount: 1, err: ERR.UNKNOWN_TRAN };
  const countText = line.subarray(W.tran, W.tran + W.keyCount).toString('latin1');
  const n = /^\d\d$/.test(countText) ? Number(countText) : NaN;
  if (!(n >= 1 && n <= MAX_KEYS)) return { ok: false, tran, keyCount: 1, err: ERR.KEY_COUNT };
  const start = W.tran + W.keyCount;
  const width = KEY_WIDTH[tran];
  if (line.length !== start + n * width) return { ok: false, tran, keyCount: n, err: ERR.MALFORMED };
  const fields = Array.from({ length: n }, (_, i) =>
    line.subarray(start + i * width, start + (i + 1) * width),
  );
  if (tran === 'QCRT') return { ok: true, tran, keys: fields.map((f) => decode(f).trimEnd()) };
  const keys: { type: 'PERSON' | 'COMPANY'; id: string }[] = [];
  for (const f of fields) {
    const t = f.subarray(0, 1).toString('latin1');
    if (t !== 'P' && t !== 'C') return { ok: false, tran, keyCount: n, err: ERR.MALFORMED };
    keys.push({ type: t === 'P' ? 'PERSON' : 'COMPANY', id: f.subarray(1).toString('latin1').trimEnd() });
  }
  return { ok: true, tran, keys };
}

/** `ERR` + code + retry-after seconds + message, then the `END` trailer. */
export function errorReply(err: ErrDef, retryAfterSeconds = 0): Buffer {
  return Buffer.concat([
    record(
      Buffer.from('ERR'),
      Buffer.from(err.code, 'latin1'),
      num(retryAfterSeconds, W.retryAfter),
      text(err.message, W.message),
    ),
    record(Buffer.from('END'), num(0, W.recordCount)),
  ]);
}

function propertyRecords(p: WProperty): Buffer[] {
  const head = record(
    Buffer.from('PRP'),
    text(p.certificateNo, W.certNo),
    text(p.certificateId, W.certId),
    text(p.unitNo, W.unitNo),
    text(p.address, W.address),
    num(p.areaM2 * 100, W.area),
    Buffer.from(USAGE_CODE[p.usage], 'latin1'),
    yyyymmdd(p.registeredOn),
    Buffer.from(p.mortgaged ? 'Y' : 'N'),
    num(p.owners.length, W.ownerCount),
  );
  const owners = p.owners.map((o) =>
    record(
      Buffer.from('OWN'),
      Buffer.from(o.type === 'PERSON' ? 'P' : 'C'),
      text(o.id, W.ownerId),
      num(o.sharePct * 100, W.share),
    ),
  );
  return [head, ...owners];
}

function reply(details: Buffer[], notFound: number): Buffer {
  return Buffer.concat([
    record(
      Buffer.from('HDR'),
      Buffer.from(notFound > 0 ? '0004' : '0000', 'latin1'),
      num(details.length, W.recordCount),
    ),
    ...details,
    record(Buffer.from('END'), num(details.length, W.recordCount)),
  ]);
}

/**
 * QOWN: properties of up to 20 owners. A property co-owned by two of the owners asked for
 * is sent once (the register has one record per certificate); owners the register does
 * not know come back as `NFD` records, and the return code is then 0004.
 */
export function queryByOwners(world: WorldIndex, keys: { type: 'PERSON' | 'COMPANY'; id: string }[]): Buffer {
  const seen = new Set<string>();
  const details: Buffer[] = [];
  const missing: Buffer[] = [];
  for (const key of keys) {
    const owned = (world.propertiesByOwner.get(key.id) ?? []).filter((p) =>
      p.owners.some((o) => o.type === key.type && o.id === key.id),
    );
    if (owned.length === 0) {
      missing.push(
        record(Buffer.from('NFD'), text(`${key.type === 'PERSON' ? 'P' : 'C'}${key.id}`, W.certNo)),
      );
      continue;
    }
    for (const p of owned) {
      if (seen.has(p.certificateNo)) continue;
      seen.add(p.certificateNo);
      details.push(...propertyRecords(p));
    }
  }
  return reply([...details, ...missing], missing.length);
}

/** QCRT: properties by real estate certificate number; unknown numbers come back as `NFD`. */
export function queryByCertificates(byCertNo: Map<string, WProperty>, numbers: string[]): Buffer {
  const details: Buffer[] = [];
  const missing: Buffer[] = [];
  for (const n of numbers) {
    const p = byCertNo.get(n);
    if (p) details.push(...propertyRecords(p));
    else missing.push(record(Buffer.from('NFD'), text(n, W.certNo)));
  }
  return reply([...details, ...missing], missing.length);
}
