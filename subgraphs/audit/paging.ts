import { DataLayerError } from '../../adapters/kit/errors';
import type { AuditQuery, AuditStore } from '../../trust/audit/record';
import type { AccessRecordPage } from './model';

/** Records per page when the caller does not say. @default 50 */
export const DEFAULT_PAGE_SIZE = 50;
/** Most records one page may ask for (the store serves at most 1000 per query). @default 500 */
export const MAX_PAGE_SIZE = 500;

/** A cursor is the store's own: `<writer>#<seq>` of the last record of the previous page. */
const CURSOR = /^[^\s#]{1,200}#[1-9]\d{0,15}$/;

export interface PageArgs {
  first: number;
  after?: string;
}

/** Checks `first` (1 to MAX_PAGE_SIZE) and `after` (a cursor this subgraph gave out). */
export function pageArgs(first: number | null | undefined, after: string | null | undefined): PageArgs {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    throw new DataLayerError('INVALID_ARGUMENT', `first must be 1 to ${MAX_PAGE_SIZE}: ${size}`);
  if (after === null || after === undefined) return { first: size };
  if (!CURSOR.test(after))
    throw new DataLayerError('INVALID_ARGUMENT', `after must be an endCursor of a previous page: "${after}"`);
  return { first: size, after };
}

/** The cursor that continues after this record. */
export function cursorOf(record: { writer: string; seq: number }): string {
  return `${record.writer}#${record.seq}`;
}

/** One page, newest first: one record more than asked is fetched to tell whether another page follows. */
export async function fetchPage(
  store: AuditStore,
  query: AuditQuery,
  page: PageArgs,
): Promise<AccessRecordPage> {
  const found = await store.query({
    ...query,
    limit: page.first + 1,
    ...(page.after ? { after: page.after } : {}),
  });
  const records = found.slice(0, page.first);
  const last = records[records.length - 1];
  return { records, endCursor: last ? cursorOf(last) : null, hasNextPage: found.length > page.first };
}
