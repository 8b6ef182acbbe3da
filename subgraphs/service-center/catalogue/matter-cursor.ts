import { refuse } from '../cases/errors';
import type { MatterRecord } from './catalogue';
import type { MatterPage } from '../store/catalogue-reads';

const MAX_FIRST = 100;
const PREFIX = 'matter:';

/** Opaque to clients: the matter's place in the catalogue, so a page after it is one keyset query. */
export function matterCursor(position: number): string {
  return Buffer.from(`${PREFIX}${position}`).toString('base64url');
}

/** The position a cursor points after; 0 without one. A cursor not of this list is INVALID_ARGUMENT. */
export function parseAfter(after: string | null | undefined): number {
  if (after === null || after === undefined) return 0;
  const text = Buffer.from(after, 'base64url').toString('utf8');
  const position = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : NaN;
  if (!Number.isInteger(position) || position < 1 || matterCursor(position) !== after)
    throw refuse('INVALID_ARGUMENT', `after is not a cursor of the matter list: ${JSON.stringify(after)}`);
  return position;
}

export function parseFirst(first: number | null | undefined): number {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 0 || n > MAX_FIRST)
    throw refuse('INVALID_ARGUMENT', `first must be from 0 to ${MAX_FIRST}: ${n}`);
  return n;
}

/** The Relay connection of a page. */
export function matterConnection(page: MatterPage) {
  const edges = page.matters.map((node: MatterRecord) => ({ cursor: matterCursor(node.position), node }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges[edges.length - 1]?.cursor ?? null },
    totalCount: page.totalCount,
  };
}
