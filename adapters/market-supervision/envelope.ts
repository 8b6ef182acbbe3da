import { badReply, legacyFault } from './errors';
import type { LegacyEnvelope, LegacyPage } from './legacy';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function wholeNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/** Parses a 200 answer into its envelope: strict UTF-8, JSON, `{ code, message, data }`. */
export function parseEnvelope(body: Buffer): LegacyEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(UTF8.decode(body));
  } catch (e) {
    throw badReply('answer is not UTF-8 JSON', e);
  }
  if (
    !isRecord(parsed) ||
    typeof parsed.code !== 'number' ||
    typeof parsed.message !== 'string' ||
    !('data' in parsed)
  )
    throw badReply('answer is not the { code, message, data } envelope');
  if (parsed.code !== 0) throw legacyFault(parsed.code, parsed.message);
  return { code: parsed.code, message: parsed.message, data: parsed.data };
}

/** Parses a 200 answer to a paged list and checks it is the page that was asked for. */
export function parsePage(body: Buffer, page: number, pageSize: number): LegacyPage {
  const { data } = parseEnvelope(body);
  if (
    !isRecord(data) ||
    !Array.isArray(data.items) ||
    !wholeNumber(data.total) ||
    data.page !== page ||
    data.page_size !== pageSize
  )
    throw badReply(`answer is not page ${page} of size ${pageSize} ({ items, total, page, page_size })`);
  if (data.items.length > pageSize || !data.items.every(isRecord))
    throw badReply(
      `page ${page} holds ${data.items.length} items that are not all records (page size ${pageSize})`,
    );
  return { items: data.items, total: data.total, page: data.page, page_size: data.page_size };
}
