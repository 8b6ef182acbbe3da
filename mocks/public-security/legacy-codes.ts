import type { WDocumentType, WPerson } from '../data/world';

/**
 * The household registry's own code table for document types (证件类型代码, ZJLX).
 * Travel permits have two codes (Hong Kong/Macao and Taiwan); the world knows one type.
 */
export const ZJLX = {
  RESIDENT_ID_CARD: '111', // 居民身份证
  HK_MACAO_RESIDENCE_PERMIT: '554', // 港澳居民居住证
  TAIWAN_RESIDENCE_PERMIT: '555', // 台湾居民居住证
  FOREIGN_PERMANENT_RESIDENCE_ID: '553', // 外国人永久居留身份证
  PASSPORT: '414', // 普通护照
  HK_MACAO_TRAVEL_PERMIT: '516', // 港澳居民来往内地通行证
  TAIWAN_TRAVEL_PERMIT: '511', // 台湾居民来往大陆通行证
} as const;

/** The registry's document type code of a person of the world. */
export function zjlxOf(type: WDocumentType, documentNumber: string): string {
  if (type === 'MAINLAND_TRAVEL_PERMIT')
    return /^[HM]/.test(documentNumber) ? ZJLX.HK_MACAO_TRAVEL_PERMIT : ZJLX.TAIWAN_TRAVEL_PERMIT;
  return ZJLX[type];
}

/** Sex code of GB/T 2261.1: 1 male, 2 female. */
export function xbOf(sex: WPerson['sex']): string {
  return sex === 'M' ? '1' : '2';
}

/**
 * How the registry files a record: document numbers are unique per type, and passport
 * numbers only per issuing country, so passports are filed with GJDQ as well.
 */
export function recordKey(zjlx: string, zjhm: string, gjdq: string | undefined): string {
  return zjlx === ZJLX.PASSPORT ? `${zjlx}|${zjhm}|${gjdq ?? ''}` : `${zjlx}|${zjhm}`;
}
