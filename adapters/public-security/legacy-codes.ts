import type { DocumentType } from '../kit/identity';
import type { Sex } from './model';

/**
 * The registry's document type codes (证件类型代码, ZJLX). Travel permits have two codes
 * (Hong Kong/Macao: 516, Taiwan: 511) for the one canonical MAINLAND_TRAVEL_PERMIT.
 */
const ZJLX_TO_TYPE: Record<string, DocumentType> = {
  '111': 'RESIDENT_ID_CARD', // 居民身份证
  '554': 'HK_MACAO_RESIDENCE_PERMIT', // 港澳居民居住证
  '555': 'TAIWAN_RESIDENCE_PERMIT', // 台湾居民居住证
  '553': 'FOREIGN_PERMANENT_RESIDENCE_ID', // 外国人永久居留身份证
  '414': 'PASSPORT', // 普通护照
  '516': 'MAINLAND_TRAVEL_PERMIT', // 港澳居民来往内地通行证
  '511': 'MAINLAND_TRAVEL_PERMIT', // 台湾居民来往大陆通行证
};

export const PASSPORT_ZJLX = '414';

export function documentTypeOf(zjlx: string): DocumentType | undefined {
  return Object.prototype.hasOwnProperty.call(ZJLX_TO_TYPE, zjlx) ? ZJLX_TO_TYPE[zjlx] : undefined;
}

/** The code to query a document by; travel permits are told apart by their number (H/M: Hong Kong/Macao). */
export function zjlxOf(type: DocumentType, documentNumber: string): string {
  if (type === 'MAINLAND_TRAVEL_PERMIT') return /^[HM]/.test(documentNumber) ? '516' : '511';
  return Object.entries(ZJLX_TO_TYPE).find(([, t]) => t === type)![0];
}

/** Sex codes of GB/T 2261.1; 0 (unknown) and 9 (unspecified) have no canonical value. */
export function sexOf(xb: string): Sex | undefined {
  return xb === '1' ? 'MALE' : xb === '2' ? 'FEMALE' : undefined;
}

/** Per-record return codes (返回代码, FHDM). */
export const FHDM = { FOUND: '0000', NOT_FOUND: '0001' } as const;

/** Fault detail codes (错误代码, CWDM) the registry's front proxy uses for throttling. */
export const CWDM_RATE_LIMITED = '9002';
