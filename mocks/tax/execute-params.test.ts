import { paramsText, readExecuteParams } from './execute-params';

const VAR_STRING = 0xfd;
const NULL = 0x06;
const LONGLONG = 0x08;
const DOUBLE = 0x05;

/** A COM_STMT_EXECUTE payload: command, statement 7, no cursor, one iteration, then `rest`. */
function execute(...rest: Buffer[]): Buffer {
  const head = Buffer.alloc(10);
  head[0] = 0x17;
  head.writeUInt32LE(7, 1);
  head.writeUInt32LE(1, 6);
  return Buffer.concat([head, ...rest]);
}

function lenencString(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length < 0xfb) return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  const len = Buffer.alloc(3);
  len[0] = 0xfc;
  len.writeUInt16LE(bytes.length, 1);
  return Buffer.concat([len, bytes]);
}

describe('readExecuteParams', () => {
  it('reads strings, NULLs and integers bound to a prepared statement', () => {
    const n = Buffer.alloc(8);
    n.writeBigInt64LE(-42n);
    const payload = execute(
      Buffer.from([0b010, 1, VAR_STRING, 0, NULL, 0, LONGLONG, 0]),
      lenencString("' OR '1'='1"),
      n,
    );
    const read = readExecuteParams(payload, 3);
    expect(read.params).toEqual(["' OR '1'='1", null, -42n]);
    expect(paramsText(read.params)).toBe('["\' OR \'1\'=\'1",null,"-42"]');
  });

  it('reads a long string with a two-byte length and characters beyond the BMP', () => {
    const long = '𠮷'.repeat(100) + '; DROP TABLE DJ_NSRXX; --';
    const d = Buffer.alloc(8);
    d.writeDoubleLE(1.5);
    expect(
      readExecuteParams(execute(Buffer.from([0, 1, VAR_STRING, 0, DOUBLE, 0]), lenencString(long), d), 2)
        .params,
    ).toEqual([long, 1.5]);
  });

  it('uses the types of the previous execute when a packet binds none', () => {
    const first = readExecuteParams(execute(Buffer.from([0, 1, VAR_STRING, 0]), lenencString('a')), 1);
    const again = readExecuteParams(execute(Buffer.from([0, 0]), lenencString('b')), 1, first.types);
    expect(again.params).toEqual(['b']);
    expect(() => readExecuteParams(execute(Buffer.from([0, 0]), lenencString('b')), 1)).toThrow(
      'COM_STMT_EXECUTE binds no types and none are known for the statement',
    );
  });

  it('refuses a packet shorter than its parameters', () => {
    expect(() =>
      readExecuteParams(execute(Buffer.from([0, 1, VAR_STRING, 0, 5]), Buffer.from('ab')), 1),
    ).toThrow('COM_STMT_EXECUTE is shorter than its parameters');
  });

  it('reads no parameters for a statement without any', () => {
    expect(readExecuteParams(execute(), 0)).toEqual({ params: [], types: [] });
  });
});
