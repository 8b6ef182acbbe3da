import { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { createHousingAdapter } from './index';

// Nothing listens here: a number that passed validation would fail DEPARTMENT_UNAVAILABLE, not INVALID_ARGUMENT.
const adapter = createHousingAdapter({ url: 'tcp://127.0.0.1:1', connectTimeoutMs: 200 });
afterAll(() => adapter.close());

async function refusal(certificateNumber: string): Promise<{ code: string; message: string }> {
  try {
    await adapter.propertyByCertificateNumber(newAdapterContext(), certificateNumber);
  } catch (e) {
    if (e instanceof DataLayerError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('housing adapter: certificate numbers are checked before the 40-byte QCRT field', () => {
  it.each([
    ['a CR LF that would start a second transaction', '沪(2019)\r\nQOWN01P310107199003070017'],
    ['a bare LF', 'a\nb'],
    ['a NUL (LOW-VALUES to the mainframe)', '\u0000'],
    ['a NUL inside a number', '沪(2019)普字\u0000不动产权第012345号'],
    ['the ASCII record separator', 'a\u001eb'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['a lone surrogate, which GB18030 would send as "?"', 'a\ud800b'],
    ['41 bytes', 'A'.repeat(41)],
    ['eleven four-byte GB18030 characters (44 bytes)', '𠮷'.repeat(11)],
    ['only spaces', '   '],
  ])('refuses %s as INVALID_ARGUMENT and opens no connection', async (_what, n) => {
    expect((await refusal(n)).code).toBe('INVALID_ARGUMENT');
    expect(adapter.connections()).toMatchObject({ open: 0, opened: 0 });
  });

  it('shows the refused number JSON-quoted, so control characters stay visible escapes', async () => {
    expect((await refusal('a\r\nb')).message).toBe(
      'certificate number must be 1 to 40 GB18030 bytes on one line, without control characters: "a\\r\\nb"',
    );
  });

  it('shows at most 60 characters of an over-long number', async () => {
    expect((await refusal('9'.repeat(10_000))).message).toBe(
      `certificate number must be 1 to 40 GB18030 bytes on one line, without control characters: "${'9'.repeat(60)}…"`,
    );
  });

  it('lets a 40-byte number of four-byte characters through to the register', async () => {
    expect((await refusal('𠮷'.repeat(10))).code).toBe('DEPARTMENT_UNAVAILABLE');
  });
});
