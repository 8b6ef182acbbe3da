import iconv from 'iconv-lite';
import { HttpUpstream } from '../kit/http-upstream';
import { badReply, DEPARTMENT, errorFromStatus } from './errors';
import type { LegacySsRecord } from './legacy-record';
import type { ResolvedHumanResourcesOptions } from './options';
import { decodeGbk, readSsExport } from './reply';

export const QUERY_PATH = '/bulk/ss-query';

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
      connections: options.connections,
      connectTimeoutMs: options.connectTimeoutMs,
      headersTimeoutMs: options.timeoutMs,
      bodyTimeoutMs: options.timeoutMs,
    });
  }

  /** One bulk query; the records found, by identity number (ids without a record are absent). */
  async query(ids: readonly string[], signal?: AbortSignal): Promise<Map<string, LegacySsRecord>> {
    const reply = await this.upstream.request({
      method: 'POST',
      path: QUERY_PATH,
      headers: { 'content-type': 'text/plain; charset=GBK', accept: 'text/csv' },
      body: iconv.encode(ids.map((id) => id + '\r\n').join(''), 'gbk'),
      signal,
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
