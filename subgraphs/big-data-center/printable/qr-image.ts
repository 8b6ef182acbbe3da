import QRCode from 'qrcode';

/**
 * A QR code of `payload` as a PNG, `scale` pixels per module, with the 4-module quiet zone
 * the QR standard asks for and error correction M (survives a smudged print or a cracked screen).
 */
export function qrPng(payload: string, scale = 4): Promise<Buffer> {
  return QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale });
}
