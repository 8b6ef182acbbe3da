import { parsePage } from './envelope';

const body = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('market-supervision envelope', () => {
  it('reads a page of the { code, message, data } envelope', () => {
    const page = parsePage(
      body({ code: 0, message: 'ok', data: { items: [{ a: 1 }], total: 21, page: 2, page_size: 20 } }),
      2,
      20,
    );
    expect(page).toEqual({ items: [{ a: 1 }], total: 21, page: 2, page_size: 20 });
  });

  it('calls JSON without the envelope a BAD_LEGACY_REPLY', () => {
    expect(() => parsePage(body({ items: [], total: 0 }), 1, 20)).toThrow(
      expect.objectContaining({ code: 'BAD_LEGACY_REPLY', department: 'market-supervision' }),
    );
  });

  it('calls a page other than the one asked for a BAD_LEGACY_REPLY', () => {
    expect(() =>
      parsePage(
        body({ code: 0, message: 'ok', data: { items: [], total: 0, page: 1, page_size: 10 } }),
        1,
        20,
      ),
    ).toThrow(expect.objectContaining({ code: 'BAD_LEGACY_REPLY' }));
  });

  it('calls bytes that are not UTF-8 a BAD_LEGACY_REPLY', () => {
    expect(() => parsePage(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 1, 20)).toThrow(
      expect.objectContaining({ code: 'BAD_LEGACY_REPLY' }),
    );
  });

  it('turns an envelope with a non-zero code into LEGACY_FAULT naming the code', () => {
    expect(() => parsePage(body({ code: 40004, message: 'uscc 格式错误: X', data: null }), 1, 20)).toThrow(
      expect.objectContaining({
        code: 'LEGACY_FAULT',
        message: 'market-supervision answered 40004 (malformed value): uscc 格式错误: X',
      }),
    );
  });
});
