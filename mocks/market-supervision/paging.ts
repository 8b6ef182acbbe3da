import { badRequest, LEGACY_CODES } from './envelope';
import type { HttpMockReply } from '../kit/http-mock';

/** Largest page the registry serves; a bigger page_size is refused, not truncated. */
export const MAX_PAGE_SIZE = 20;
/** Page size when the caller sends none (a quirk: not the maximum). */
export const DEFAULT_PAGE_SIZE = 10;
/** Most comma-separated values one query may carry (the registry's URL length guard). */
export const MAX_VALUES = 100;

export interface Paging {
  page: number;
  pageSize: number;
}

/** Reads `page` / `page_size`, or the 400 reply the registry gives for bad ones. */
export function readPaging(query: URLSearchParams): Paging | HttpMockReply {
  const page = query.has('page') ? Number(query.get('page')) : 1;
  const pageSize = query.has('page_size') ? Number(query.get('page_size')) : DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    return badRequest(
      LEGACY_CODES.PAGE_SIZE_OUT_OF_RANGE,
      `page_size 取值范围为1-${MAX_PAGE_SIZE}: ${query.get('page_size')}`,
    );
  if (!Number.isInteger(page) || page < 1)
    return badRequest(LEGACY_CODES.PAGE_OUT_OF_RANGE, `page 必须为正整数: ${query.get('page')}`);
  return { page, pageSize };
}

/** The comma-separated values of a parameter, trimmed, empty ones dropped. */
export function commaList(query: URLSearchParams, name: string): string[] {
  return (query.get(name) ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export function pageOf<T>(
  items: readonly T[],
  paging: Paging,
): { items: T[]; total: number; page: number; page_size: number } {
  const start = (paging.page - 1) * paging.pageSize;
  return {
    items: items.slice(start, start + paging.pageSize),
    total: items.length,
    page: paging.page,
    page_size: paging.pageSize,
  };
}
