import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** Bodies smaller than this go uncompressed: the headers and CPU would cost more than they save. */
export const MIN_COMPRESSED_BYTES = 1_024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * The body as the client asked for it (`Accept-Encoding`): brotli at quality 4 (near gzip's
 * speed, smaller), else gzip at level 6, else as is. Compression runs on libuv's thread pool,
 * not on the event loop. Returns the encoding used, or null.
 */
export async function compressFor(
  acceptEncoding: string | undefined,
  body: string,
): Promise<{ encoding: 'br' | 'gzip' | null; bytes: Buffer | string }> {
  if (!acceptEncoding || Buffer.byteLength(body) < MIN_COMPRESSED_BYTES)
    return { encoding: null, bytes: body };
  const accepts = (name: string) =>
    new RegExp(`(^|,)\\s*${name}\\s*(;\\s*q=(?!0(\\.0*)?\\s*(,|$))[\\d.]+)?\\s*(,|$)`, 'i').test(
      acceptEncoding,
    );
  if (accepts('br'))
    return {
      encoding: 'br',
      bytes: await brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }),
    };
  if (accepts('gzip')) return { encoding: 'gzip', bytes: await gzip(body, { level: 6 }) };
  return { encoding: null, bytes: body };
}
