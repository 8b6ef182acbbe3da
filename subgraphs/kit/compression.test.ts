import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { compressFor, MIN_COMPRESSED_BYTES } from './compression';

const big = JSON.stringify({
  data: { matters: Array.from({ length: 200 }, (_, i) => ({ code: `HL-${i}`, name: '公共场所卫生许可' })) },
});

describe('compressFor', () => {
  it('prefers brotli, then gzip, and the body decompresses to itself', async () => {
    const br = await compressFor('gzip, deflate, br', big);
    expect(br.encoding).toBe('br');
    expect((await promisify(zlib.brotliDecompress)(br.bytes as Buffer)).toString()).toBe(big);
    expect((br.bytes as Buffer).length).toBeLessThan(Buffer.byteLength(big) / 5);
    const gz = await compressFor('gzip', big);
    expect(gz.encoding).toBe('gzip');
    expect((await promisify(zlib.gunzip)(gz.bytes as Buffer)).toString()).toBe(big);
  });

  it('leaves small bodies, clients that accept neither, and encodings refused with q=0 alone', async () => {
    expect(await compressFor('br', 'x'.repeat(MIN_COMPRESSED_BYTES - 1))).toEqual({
      encoding: null,
      bytes: 'x'.repeat(MIN_COMPRESSED_BYTES - 1),
    });
    expect((await compressFor(undefined, big)).encoding).toBeNull();
    expect((await compressFor('identity', big)).encoding).toBeNull();
    expect((await compressFor('br;q=0, gzip', big)).encoding).toBe('gzip');
    expect((await compressFor('br;q=0.5', big)).encoding).toBe('br');
  });
});
