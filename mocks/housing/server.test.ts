import net from 'node:net';
import iconv from 'iconv-lite';
import { loadWorld } from '../data/generator';
import type { MockHandle } from '../kit/mock-server';
import { text } from './copybook';
import { startHousingMock } from './server';

/** Sends raw request records on one connection and collects `replies` replies (each ends with an END record). */
function converse(url: string, payload: Buffer, replies: number): Promise<string[]> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let received = Buffer.alloc(0);
    socket.on('data', (c: Buffer) => {
      received = Buffer.concat([received, c]);
      const text = iconv.decode(received, 'gb18030');
      const parts = text.split(/(?<=END\d{6}\r\n)/);
      if (parts.length >= replies && parts.slice(0, replies).every((p) => p.endsWith('\r\n'))) {
        socket.destroy();
        resolve(parts.slice(0, replies));
      }
    });
    socket.on('error', reject);
    socket.write(payload);
  });
}

describe('housing mock', () => {
  let mock: MockHandle;
  beforeAll(async () => {
    mock = await startHousingMock({ world: loadWorld({ people: 50 }), baseLatencyMs: 0 });
  });
  afterAll(() => mock.close());

  it('answers pipelined requests on one connection in order, with byte-exact fixed-width records', async () => {
    const [zhang, unknown] = await converse(
      mock.url,
      Buffer.from('QOWN01P310107199003070017\r\nQOWN01C91310107MA1G5X7P50\r\n', 'latin1'),
      2,
    );
    // Widths in bytes: a Chinese character takes two, so 30 bytes of certificate number leave 10 pad spaces.
    expect(zhang).toBe(
      'HDR0000000003\r\n' +
        `PRP沪(2019)普字不动产权第012345号${' '.repeat(10)}HS-RE-2019-012345${' '.repeat(7)}PT-0588-12-0602${' '.repeat(5)}` +
        `上海市普陀区长寿路588弄12号602室${' '.repeat(28)}000008946` +
        '10' +
        '20190702Y02\r\n' +
        'OWNP31010719900307001705000\r\n' +
        'OWNP31010719851122002105000\r\n' +
        'END000003\r\n',
    );
    expect(unknown).toBe(`HDR0004000001\r\nNFDC91310107MA1G5X7P50${' '.repeat(21)}\r\nEND000001\r\n`);
  });

  it('refuses a malformed record, an unknown transaction and too many keys with ERR records', async () => {
    const replies = await converse(
      mock.url,
      Buffer.from('QOWN02P310107199003070017\r\nXXXX01\r\nQOWN21\r\n', 'latin1'),
      3,
    );
    expect(replies.map((r) => r.slice(0, 13))).toEqual(['ERRE010000000', 'ERRE011000000', 'ERRE012000000']);
    expect(replies[0]).toBe(`ERRE010000000请求记录格式错误${' '.repeat(44)}\r\nEND000000\r\n`);
  });

  it('cuts an over-long text field before a character that does not fit, and pads it', () => {
    expect(text('ab张', 3)).toEqual(Buffer.from('ab '));
    expect(text('a𠮷', 4)).toEqual(Buffer.from('a   '));
    expect(text('张伟', 4)).toEqual(iconv.encode('张伟', 'gb18030'));
  });
});
