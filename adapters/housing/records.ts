import iconv from 'iconv-lite';
import { RECORDS, type Field, type RecordType } from './copybook';
import { badReply, errorRecord } from './errors';

/** A property as the register holds it, fields still in the register's units. */
export interface LegacyProperty {
  certNo: string;
  certId: string;
  unitNo: string;
  address: string;
  /** Hundredths of m². */
  areaHundredths: number;
  usageCode: string;
  /** yyyyMMdd */
  registeredOn: string;
  mortgaged: boolean;
  owners: { ownerType: 'P' | 'C'; ownerId: string; shareHundredths: number }[];
}

export interface LegacyReply {
  returnCode: string;
  properties: LegacyProperty[];
  /** Keys the register does not know, as sent (e.g. `P310107...` or a certificate number). */
  notFound: string[];
}

/** One record's bytes with typed field readers; every read checks the field is well-formed. */
class RecordReader<T extends RecordType> {
  private readonly fields: Record<string, Field>;

  constructor(
    private readonly bytes: Buffer,
    readonly type: T,
    private readonly index: number,
  ) {
    const layout = RECORDS[type];
    if (bytes.length !== layout.length)
      throw badReply(`record ${index} (${type}) is ${bytes.length} bytes, its layout has ${layout.length}`);
    this.fields = layout.fields;
  }

  private raw(name: string): Buffer {
    const f = this.fields[name]!;
    return this.bytes.subarray(f.offset, f.offset + f.width);
  }

  /** GB18030 text, trailing pad spaces removed (0x20 is never part of a multi-byte character). */
  text(name: string): string {
    const raw = this.raw(name);
    let end = raw.length;
    while (end > 0 && raw[end - 1] === 0x20) end--;
    const value = iconv.decode(raw.subarray(0, end), 'gb18030');
    if (value.includes('\uFFFD'))
      throw badReply(`record ${this.index} (${this.type}) field ${name} is not valid GB18030`);
    return value;
  }

  /** A zero-padded unsigned number. */
  number(name: string): number {
    const s = this.raw(name).toString('latin1');
    if (!/^\d+$/.test(s))
      throw badReply(`record ${this.index} (${this.type}) field ${name} is not a number: "${s}"`);
    return Number(s);
  }

  /** One of the given codes. */
  code<C extends string>(name: string, allowed: readonly C[]): C {
    const s = this.raw(name).toString('latin1');
    if (!(allowed as readonly string[]).includes(s))
      throw badReply(`record ${this.index} (${this.type}) field ${name} has unexpected value "${s}"`);
    return s as C;
  }

  /** A yyyyMMdd date that exists in the calendar. */
  date(name: string): string {
    const s = this.raw(name).toString('latin1');
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
    if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3]))
      throw badReply(`record ${this.index} (${this.type}) field ${name} is not a yyyyMMdd date: "${s}"`);
    return s;
  }
}

function splitRecords(reply: Buffer): Buffer[] {
  const records: Buffer[] = [];
  let start = 0;
  while (start < reply.length) {
    const end = reply.indexOf('\r\n', start);
    if (end < 0) throw badReply('last record has no CRLF');
    records.push(reply.subarray(start, end));
    start = end + 2;
  }
  return records;
}

function typeOf(record: Buffer, index: number): RecordType {
  const t = record.subarray(0, 3).toString('latin1');
  if (!(t in RECORDS)) throw badReply(`record ${index} has unknown type "${t}"`);
  return t as RecordType;
}

/**
 * Reads a framed reply: `HDR`, detail records (`PRP` each followed by its `OWN` records,
 * `NFD`), `END`; or `ERR`, `END`. An `ERR` reply throws its DataLayerError; any deviation
 * from the layouts (short record, bad digit, counts that do not add up) throws BAD_LEGACY_REPLY.
 */
export function parseReply(reply: Buffer): LegacyReply {
  const records = splitRecords(reply);
  const read = (i: number): RecordReader<RecordType> => {
    const bytes = records[i];
    if (!bytes) throw badReply(`reply ends after ${records.length} records, before its trailer`);
    return new RecordReader(bytes, typeOf(bytes, i), i);
  };
  const first = read(0);
  if (first.type === 'ERR') {
    const trailer = read(1);
    if (trailer.type !== 'END' || records.length !== 2)
      throw badReply('an ERR record must be followed by the trailer alone');
    throw errorRecord(first.text('code'), first.number('retryAfter'), first.text('message'));
  }
  if (first.type !== 'HDR') throw badReply(`reply starts with ${first.type}, expected HDR or ERR`);
  const returnCode = first.code('returnCode', ['0000', '0004'] as const);
  const count = first.number('count');
  const out: LegacyReply = { returnCode, properties: [], notFound: [] };
  let i = 1;
  for (; i <= count; i++) {
    const r = read(i);
    if (r.type === 'PRP') {
      const owners = r.number('ownerCount');
      const property: LegacyProperty = {
        certNo: r.text('certNo'),
        certId: r.text('certId'),
        unitNo: r.text('unitNo'),
        address: r.text('address'),
        areaHundredths: r.number('area'),
        usageCode: r.text('usage'),
        registeredOn: r.date('registeredOn'),
        mortgaged: r.code('mortgaged', ['Y', 'N'] as const) === 'Y',
        owners: [],
      };
      for (let k = 0; k < owners; k++) {
        const o = read(++i);
        if (o.type !== 'OWN') throw badReply(`record ${i} is ${o.type}, expected OWN ${k + 1} of ${owners}`);
        property.owners.push({
          ownerType: o.code('ownerType', ['P', 'C'] as const),
          ownerId: o.text('ownerId'),
          shareHundredths: o.number('share'),
        });
      }
      out.properties.push(property);
    } else if (r.type === 'NFD') {
      out.notFound.push(r.text('key'));
    } else {
      throw badReply(`record ${i} is ${r.type}, expected PRP or NFD`);
    }
  }
  if (i - 1 !== count)
    throw badReply(`header counts ${count} detail records, the owner records make ${i - 1}`);
  const trailer = read(i);
  if (trailer.type !== 'END' || trailer.number('count') !== count || records.length !== i + 1)
    throw badReply(`trailer does not close the ${count} detail records`);
  if ((returnCode === '0004') !== out.notFound.length > 0)
    throw badReply(`return code ${returnCode} disagrees with ${out.notFound.length} NFD records`);
  return out;
}
