import { CsvSyntaxError, parseCsv } from './csv';

describe('parseCsv', () => {
  it('splits plain fields and CRLF records', () => {
    expect(parseCsv('a,b,c\r\n1,2,3\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('keeps a comma inside a quoted field', () => {
    expect(parseCsv('张伟,"缴费正常,无欠费"\r\n')).toEqual([['张伟', '缴费正常,无欠费']]);
  });

  it('reads a doubled quote inside a quoted field as one quote', () => {
    expect(parseCsv('"旧卡""SH0017220021""已注销",x')).toEqual([['旧卡"SH0017220021"已注销', 'x']]);
  });

  it('keeps CRLF and LF line breaks inside a quoted field', () => {
    expect(parseCsv('a,"line 1\r\nline 2\nline 3"\r\nb,c')).toEqual([
      ['a', 'line 1\r\nline 2\nline 3'],
      ['b', 'c'],
    ]);
  });

  it('keeps empty fields, quoted or not, and a trailing empty field', () => {
    expect(parseCsv('a,,"",\r\n')).toEqual([['a', '', '', '']]);
  });

  it('accepts a last record without a line break, LF or bare CR line ends, and skips empty lines', () => {
    expect(parseCsv('a,b\n\r\nc,d\re,f')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('reads a quoted field that is only a doubled quote', () => {
    expect(parseCsv('""""')).toEqual([['"']]);
  });

  it('refuses a quote inside an unquoted field', () => {
    expect(() => parseCsv('ab"c,d')).toThrow(new CsvSyntaxError('quote inside an unquoted field', 1));
  });

  it('refuses text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a,b\r\n"x"y,z')).toThrow('unexpected "y" after a closing quote (line 2)');
  });

  it('refuses a quoted field that never closes, naming the line it opened on', () => {
    expect(() => parseCsv('a\r\nb,"open\r\nmore')).toThrow('quoted field never closed (line 2)');
  });

  it('counts lines inside quoted fields when naming a later error', () => {
    expect(() => parseCsv('"1\n2\r\n3",x\r\nbad"')).toThrow('quote inside an unquoted field (line 4)');
  });
});
