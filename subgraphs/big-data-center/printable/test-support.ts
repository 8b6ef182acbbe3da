import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PDFDocument, PDFName, PDFNumber, PDFRawStream, type PDFDict } from 'pdf-lib';
import { PNG } from 'pngjs';

/** What a test needs to see inside a PDF: its streams decoded, without a PDF text renderer. */
export interface InspectedPdf {
  pages: number;
  /** Size of the first page in points. */
  size: { width: number; height: number };
  /** The text shown on the pages, glyphs mapped back to Unicode through the fonts' ToUnicode CMaps. */
  text: string;
  /** Every image XObject's pixels, decoded. */
  images: { width: number; height: number; rgba: Uint8ClampedArray }[];
}

function decoded(stream: PDFRawStream): Buffer {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const bytes = Buffer.from(stream.contents);
  return filter === PDFName.of('FlateDecode') ? inflateSync(bytes) : bytes;
}

/** glyph id (4 hex digits) -> text, from pdfkit's `<lo> <hi> [<utf16> ...]` bfrange lines. */
function toUnicode(cmap: string, into: Map<string, string>): void {
  for (const m of cmap.matchAll(/<([\da-f]{4})> <[\da-f]{4}> \[([^\]]*)\]/gi)) {
    let code = parseInt(m[1]!, 16);
    for (const entry of m[2]!.matchAll(/<([\da-f ]+)>/gi)) {
      const utf16 = Buffer.from(entry[1]!.replace(/ /g, ''), 'hex').swap16().toString('utf16le');
      into.set(code.toString(16).padStart(4, '0'), utf16);
      code++;
    }
  }
}

function num(dict: PDFDict, key: string): number {
  return (dict.get(PDFName.of(key)) as PDFNumber).asNumber();
}

/**
 * An image XObject's pixels. pdfkit embeds a PNG without alpha as the PNG's own zlib data
 * with its row filters (Predictor 15), which pngjs undoes once wrapped back into a PNG file;
 * a PNG with alpha is decoded and stored as plain zlib-compressed RGB (the alpha goes to an SMask).
 */
function imagePixels(stream: PDFRawStream): { width: number; height: number; rgba: Uint8ClampedArray } {
  const width = num(stream.dict, 'Width');
  const height = num(stream.dict, 'Height');
  const gray = stream.dict.get(PDFName.of('ColorSpace')) === PDFName.of('DeviceGray');
  const channels = gray ? 1 : 3;
  const parms = stream.dict.get(PDFName.of('DecodeParms')) as PDFDict | undefined;
  if (!parms || !parms.get(PDFName.of('Predictor'))) {
    const raw = inflateSync(Buffer.from(stream.contents));
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let c = 0; c < 3; c++) rgba[i * 4 + c] = raw[i * channels + (gray ? 0 : c)]!;
      rgba[i * 4 + 3] = 255;
    }
    return { width, height, rgba };
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, gray ? 0 : 2, 0, 0, 0], 8);
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from(stream.contents)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  const img = PNG.sync.read(png);
  return { width, height, rgba: new Uint8ClampedArray(img.data) };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export async function inspectPdf(bytes: Buffer): Promise<InspectedPdf> {
  const pdf = await PDFDocument.load(bytes);
  const glyphs = new Map<string, string>();
  const contents: string[] = [];
  const images: InspectedPdf['images'] = [];
  const objects = pdf.context.enumerateIndirectObjects();
  // A PNG's alpha channel is embedded as a second image, the first one's soft mask: not an image of its own.
  const masks = new Set(
    objects.map(([, obj]) =>
      obj instanceof PDFRawStream ? obj.dict.get(PDFName.of('SMask'))?.toString() : undefined,
    ),
  );
  for (const [ref, obj] of objects) {
    if (!(obj instanceof PDFRawStream)) continue;
    if (obj.dict.get(PDFName.of('Subtype')) === PDFName.of('Image')) {
      if (!masks.has(ref.toString())) images.push(imagePixels(obj));
      continue;
    }
    if (obj.dict.get(PDFName.of('Subtype')) !== undefined) continue; // font files
    const text = decoded(obj).toString('latin1');
    if (text.includes('begincmap')) toUnicode(text, glyphs);
    else if (/\bBT\b/.test(text)) contents.push(text);
  }
  let text = '';
  for (const content of contents)
    for (const tj of content.matchAll(/\[(.*?)\] TJ/g))
      for (const hex of tj[1]!.matchAll(/<([\da-f]+)>/gi))
        for (let i = 0; i < hex[1]!.length; i += 4) text += glyphs.get(hex[1]!.slice(i, i + 4)) ?? '?';
  const { width, height } = pdf.getPage(0).getSize();
  return { pages: pdf.getPageCount(), size: { width, height }, text, images };
}

/** The text of the QR code in an image, or null when none is found. */
export function readQr(image: InspectedPdf['images'][number]): string | null {
  return jsQR(image.rgba, image.width, image.height)?.data ?? null;
}
