/**
 * The bound parameters of a COM_STMT_EXECUTE packet (MySQL binary protocol), read so the
 * tax mock can record what a prepared statement was executed with: proof that a value
 * travelled as a parameter and never as SQL text.
 *
 * Layout after the command byte: statement id (4), flags (1), iteration count (4), then for
 * n > 0 parameters: a NULL bitmap of ceil(n / 8) bytes, the new-params-bound flag (1), when
 * set n pairs (type, unsigned flag), then the values of the non-NULL parameters.
 */

/** A parameter as recorded: strings and numbers as sent, NULL as null. */
export type ExecuteParam = string | number | bigint | null;

/** Column types by the width of their binary value; every other type is a length-encoded string. */
const FIXED: Record<number, number> = {
  1: 1, // TINY
  2: 2, // SHORT
  13: 2, // YEAR
  3: 4, // LONG
  9: 4, // INT24
  4: 4, // FLOAT
  8: 8, // LONGLONG
  5: 8, // DOUBLE
};
/** DATE, DATETIME, TIMESTAMP, TIME: one length byte, then that many bytes. */
const TEMPORAL = new Set([7, 10, 11, 12]);
const NULL_TYPE = 6;

class Reader {
  constructor(
    private readonly buf: Buffer,
    public at: number,
  ) {}

  take(n: number): Buffer {
    if (this.at + n > this.buf.length)
      throw new RangeError('COM_STMT_EXECUTE is shorter than its parameters');
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  lengthEncoded(): number {
    const first = this.take(1)[0]!;
    if (first < 0xfb) return first;
    if (first === 0xfc) return this.take(2).readUInt16LE(0);
    if (first === 0xfd) return this.take(3).readUIntLE(0, 3);
    if (first === 0xfe) return Number(this.take(8).readBigUInt64LE(0));
    throw new RangeError(`0x${first.toString(16)} does not start a length-encoded integer`);
  }
}

function value(r: Reader, type: number, unsigned: boolean): ExecuteParam {
  const width = FIXED[type];
  if (width !== undefined) {
    const b = r.take(width);
    if (type === 5) return b.readDoubleLE(0);
    if (type === 4) return b.readFloatLE(0);
    if (width === 8) return unsigned ? b.readBigUInt64LE(0) : b.readBigInt64LE(0);
    return unsigned ? b.readUIntLE(0, width) : b.readIntLE(0, width);
  }
  if (type === NULL_TYPE) return null;
  if (TEMPORAL.has(type)) return `<temporal ${r.take(r.take(1)[0]!).toString('hex')}>`;
  // Strings, decimals, blobs, JSON, enums: length-encoded bytes (the connection speaks utf8mb4).
  return r.take(r.lengthEncoded()).toString('utf8');
}

/**
 * The parameters of one COM_STMT_EXECUTE payload (command byte included) for a statement of
 * `count` parameters. `types` holds the (type, unsigned) pairs the previous execute of the
 * statement bound, for a packet that does not repeat them; the pairs this packet binds are
 * returned with the values so the caller can keep them.
 */
export function readExecuteParams(
  payload: Buffer,
  count: number,
  types?: readonly (readonly [number, boolean])[],
): { params: ExecuteParam[]; types: (readonly [number, boolean])[] } {
  if (count === 0) return { params: [], types: [] };
  const r = new Reader(payload, 10);
  const nulls = r.take(Math.ceil(count / 8));
  const bound = r.take(1)[0] === 1;
  let pairs: (readonly [number, boolean])[];
  if (bound)
    pairs = Array.from({ length: count }, () => {
      const [type, flags] = r.take(2);
      return [type!, (flags! & 0x80) !== 0] as const;
    });
  else if (types && types.length === count) pairs = [...types];
  else throw new RangeError('COM_STMT_EXECUTE binds no types and none are known for the statement');
  const params = pairs.map(([type, unsigned], i) =>
    (nulls[i >> 3]! >> (i & 7)) & 1 ? null : value(r, type, unsigned),
  );
  return { params, types: pairs };
}

/** A parameter list as text, bigints included (JSON.stringify cannot write them). */
export function paramsText(params: readonly ExecuteParam[]): string {
  return JSON.stringify(params, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
