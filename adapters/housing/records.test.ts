import iconv from 'iconv-lite';
import type { DataLayerError } from '../kit/errors';
import { frameReply } from './framing';
import { parseReply } from './records';

const pad = (s: string, width: number) => {
  const b = iconv.encode(s, 'gb18030');
  return Buffer.concat([b, Buffer.alloc(width - b.length, 0x20)]);
};
const rec = (...fields: (string | Buffer)[]) =>
  Buffer.concat([
    ...fields.map((f) => (typeof f === 'string' ? Buffer.from(f, 'latin1') : f)),
    Buffer.from('\r\n'),
  ]);

const prp = (address: Buffer = pad('上海市普陀区长寿路588弄12号602室', 60), usage = '10') =>
  rec(
    'PRP',
    pad('沪(2019)普字不动产权第012345号', 40),
    pad('HS-RE-2019-012345', 24),
    pad('PT-0588-12-0602', 20),
    address,
    '000008946',
    usage,
    '20190702',
    'Y',
    '01',
  );
const own = rec('OWN', 'P', '310107199003070017', '10000');

function failure(reply: Buffer): { code: string; message: string } {
  try {
    parseReply(reply);
  } catch (e) {
    return { code: (e as DataLayerError).code, message: (e as DataLayerError).message };
  }
  throw new Error('expected parseReply to throw');
}

describe('housing reply records', () => {
  it('reads a header, a property with its owner and the trailer', () => {
    const reply = parseReply(Buffer.concat([rec('HDR', '0000', '000002'), prp(), own, rec('END', '000002')]));
    expect(reply).toEqual({
      returnCode: '0000',
      notFound: [],
      properties: [
        {
          certNo: '沪(2019)普字不动产权第012345号',
          certId: 'HS-RE-2019-012345',
          unitNo: 'PT-0588-12-0602',
          address: '上海市普陀区长寿路588弄12号602室',
          areaHundredths: 8946,
          usageCode: '10',
          registeredOn: '20190702',
          mortgaged: true,
          owners: [{ ownerType: 'P', ownerId: '310107199003070017', shareHundredths: 10000 }],
        },
      ],
    });
  });

  it('refuses a record one byte short of its layout', () => {
    const short = prp().subarray(0, -3);
    expect(
      failure(
        Buffer.concat([rec('HDR', '0000', '000002'), short, Buffer.from('\r\n'), own, rec('END', '000002')]),
      ),
    ).toEqual({
      code: 'BAD_LEGACY_REPLY',
      message: 'housing registry reply is malformed: record 1 (PRP) is 168 bytes, its layout has 169',
    });
  });

  it('refuses an unknown record type', () => {
    expect(
      failure(Buffer.concat([rec('HDR', '0000', '000001'), rec('XYZ', 'whatever'), rec('END', '000001')]))
        .message,
    ).toBe('housing registry reply is malformed: record 1 has unknown type "XYZ"');
  });

  it('refuses a trailer whose count disagrees with the header', () => {
    expect(
      failure(Buffer.concat([rec('HDR', '0000', '000002'), prp(), own, rec('END', '000003')])).message,
    ).toBe('housing registry reply is malformed: trailer does not close the 2 detail records');
  });

  it('refuses an address that is not valid GB18030', () => {
    const broken = Buffer.concat([Buffer.from([0xb9, 0x20]), Buffer.alloc(58, 0x20)]);
    expect(
      failure(Buffer.concat([rec('HDR', '0000', '000002'), prp(broken), own, rec('END', '000002')])).message,
    ).toBe('housing registry reply is malformed: record 1 (PRP) field address is not valid GB18030');
  });

  it('turns an error record into its DataLayerError', () => {
    expect(
      failure(
        Buffer.concat([rec('ERR', 'E010', '000000', pad('请求记录格式错误', 60)), rec('END', '000000')]),
      ),
    ).toEqual({
      code: 'LEGACY_FAULT',
      message: 'housing registry error E010: 请求记录格式错误',
    });
  });
});

describe('housing reply framing', () => {
  const reply = Buffer.concat([rec('HDR', '0000', '000002'), prp(), own, rec('END', '000002')]);

  it('waits for the trailer and then says where the reply ends', () => {
    expect(frameReply(reply.subarray(0, 100))).toBeUndefined();
    expect(frameReply(reply.subarray(0, reply.length - 1))).toBeUndefined();
    expect(frameReply(Buffer.concat([reply, Buffer.from('HDR')]))).toBe(reply.length);
  });

  it('fails at the first bytes that cannot start a record', () => {
    expect(() => frameReply(Buffer.from([0xff, 0xfe, 0x00]))).toThrow('unknown record type at byte 0');
    expect(() => frameReply(Buffer.concat([rec('HDR', '0000', '000000'), Buffer.from('<<<')]))).toThrow(
      'unknown record type at byte 15',
    );
  });
});
