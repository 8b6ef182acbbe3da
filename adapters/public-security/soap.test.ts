import iconv from 'iconv-lite';
import type { HttpReply } from '../kit/http-upstream';
import { charsetOf, readEnvelope } from './soap';

const xml = (name: string) =>
  `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><X>${name}</X></s:Body></s:Envelope>`;
const reply = (body: Buffer, contentType?: string, status = 200): HttpReply => ({
  status,
  headers: contentType ? { 'content-type': contentType } : {},
  body,
});

describe('public-security soap reply', () => {
  it('honours the charset of the Content-Type header', () => {
    const r = reply(Buffer.from(xml('周𠮷䶮'), 'utf8'), 'text/xml; charset=UTF-8');
    expect(charsetOf(r)).toBe('UTF-8');
    expect(readEnvelope('Q', r)).toEqual({ body: { X: '周𠮷䶮' } });
  });

  it('falls back to the XML declaration, then to GB18030', () => {
    const declared = Buffer.from(xml('x').replace('version="1.0"', 'version="1.0" encoding="UTF-8"'));
    expect(charsetOf(reply(declared, 'text/xml'))).toBe('UTF-8');
    const plain = iconv.encode(xml('周𠮷䶮'), 'gb18030');
    expect(readEnvelope('Q', reply(plain, 'text/xml'))).toEqual({ body: { X: '周𠮷䶮' } });
  });

  it('treats GB18030 bytes labelled UTF-8 as unreadable rather than as a name', () => {
    expect(
      readEnvelope('Q', reply(iconv.encode(xml('周𠮷䶮'), 'gb18030'), 'text/xml; charset=UTF-8')),
    ).toBeUndefined();
  });

  it('refuses a charset it cannot decode with BAD_LEGACY_REPLY', () => {
    expect(() => readEnvelope('Q', reply(Buffer.from(xml('x')), 'text/xml; charset=EBCDIC-XYZ'))).toThrow(
      expect.objectContaining({ code: 'BAD_LEGACY_REPLY' }),
    );
  });

  it('keeps numeric-looking values as strings', () => {
    const r = reply(Buffer.from(xml('0000310107199003070017'), 'utf8'), 'text/xml; charset=utf-8');
    expect(readEnvelope('Q', r)).toEqual({ body: { X: '0000310107199003070017' } });
  });
});
