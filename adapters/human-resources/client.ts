import type { CallScope } from '../kit/call-scope';
import iconv from 'iconv-lite';
import { DataLayerError, quoted } from '../kit/errors';
import { HttpUpstream } from '../kit/http-upstream';
import { badReply, DEPARTMENT, errorFromStatus } from './errors';
import type { LegacySsRecord } from './legacy-record';
import type { ResolvedHumanResourcesOptions } from './options';
import { decodeGbk, readSsExport } from './reply';

export const QUERY_PATH = '/bulk/ss-query';

/**
 * What an id in the request body may not hold: a control character (CR and LF end its line and
 * start another id: someone else's record asked for; NUL and the rest are no part of an id), a
 * comma or a double quote (the system also reads its CSV import format, whose first column is
 * the id: a comma would cut it, a quote reframe it).
 */
const NOT_IN_AN_ID = /[\p{Cc},"]/u;

/**
 * Refuses, before any request, an id that would change the list the system reads. The adapter
 * validates every id first (`parseIdentity`); this stands behind that, for a caller that skipped it.
 */
function checkIds(ids: readonly string[]): void {
  for (const id of ids)
    if (NOT_IN_AN_ID.test(id))
      throw new DataLayerError(
        'INVALID_ARGUMENT',
        `${DEPARTMENT}: id ${quoted(id)} holds a control character, a comma or a quote, which would change the list the system reads`,
        { department: DEPARTMENT },
      );
}

/**
 * The HR system's bulk query: POST up to 500 identity numbers (plain text, one a line),
 * get a GBK CSV with a row for each one that has a record. Knows the protocol, nothing else.
 */
export class HumanResourcesClient {
  private readonly upstream: HttpUpstream;

  constructor(options: ResolvedHumanResourcesOptions) {
    this.upstream = new HttpUpstream({
      department: DEPARTMENT,
      url: options.url,
      connections: options.maxConnections,
      connectTimeoutMs: options.connectTimeoutMs,
      headersTimeoutMs: options.timeoutMs,
      bodyTimeoutMs: options.timeoutMs,
    });
  }

  /**
   * One bulk query; the records found, by identity number (ids without a record are absent).
   * INVALID_ARGUMENT, asking nothing, for an id with a control character, a comma or a quote.
   */
  async query(ids: readonly string[], scope?: CallScope): Promise<Map<string, LegacySsRecord>> {
    checkIds(ids);
    const reply = await this.upstream.request({
      method: 'POST',
      path: QUERY_PATH,
      headers: { 'content-type': 'text/plain; charset=GBK', accept: 'text/csv' },
      body: iconv.encode(ids.map((id) => id + '\r\n').join(''), 'gbk'),
      scope,
    });
    if (reply.status !== 200) throw errorFromStatus(reply);
    const type = String(reply.headers['content-type'] ?? '');
    if (!/^text\/csv\b/i.test(type)) throw badReply(`reply is ${type || 'untyped'}, not text/csv`);
    const asked = new Set(ids);
    const found = new Map<string, LegacySsRecord>();
    for (const record of readSsExport(decodeGbk(reply.body))) {
      const id = record.personId.trim().toUpperCase();
      // A row for someone not asked about is never passed on: it could be another person's data.
      if (!asked.has(id)) throw badReply(`reply has a row for an id not asked for: ${id}`);
      if (found.has(id)) throw badReply(`reply has two rows for ${id}`);
      found.set(id, record);
    }
    return found;
  }

  /** Whether the system answers a query at all (an empty one costs it nothing). */
  async ping(): Promise<boolean> {
    try {
      await this.query([]);
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.upstream.close();
  }
}
