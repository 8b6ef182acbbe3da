import type { CallScope } from '../kit/call-scope';
import { DataLayerError, quoted } from '../kit/errors';
import { HttpUpstream } from '../kit/http-upstream';
import { parseEnvelope, parsePage } from './envelope';
import { badReply, DEPARTMENT, statusError } from './errors';
import type { ResolvedOptions } from './options';

/** What a call carries from the GraphQL request: its trace id, and the legacy call's end and span. */
export interface CallContext extends CallScope {
  traceId?: string;
}

/** More pages than this for one query means the registry lost track of its total. */
const MAX_PAGES = 500;

/** Control characters (C0, DEL, C1): no part of a credit code or an identity number. */
const CONTROL = /\p{Cc}/u;

/**
 * Refuses a key the registry would read as something else: it splits a parameter on commas (a
 * comma inside a key asks for two keys, another company's among them), and control characters
 * are no part of a code or an id. The adapter validates every key first (`parseUscc`,
 * `parseIdentity`); this stands behind that, for a caller that skipped it: INVALID_ARGUMENT,
 * before any request, the key shown JSON-quoted and cut.
 */
function checkKeys(param: string, values: readonly string[]): void {
  for (const value of values)
    if (value.includes(',') || CONTROL.test(value))
      throw new DataLayerError(
        'INVALID_ARGUMENT',
        `${DEPARTMENT}: ${param} value ${quoted(value)} holds a comma or a control character, which would change the list the registry reads`,
        { department: DEPARTMENT },
      );
}

/**
 * The enterprise registry's REST/JSON API. Every list is paged (at most 20 a page), so a
 * query reads page 1, learns the total, then fetches the other pages a few at a time.
 */
export class MarketSupervisionClient {
  private readonly http: HttpUpstream;

  constructor(private readonly options: ResolvedOptions) {
    this.http = new HttpUpstream({
      department: DEPARTMENT,
      url: options.url,
      connections: options.connections,
      connectTimeoutMs: options.connectTimeoutMs,
      headersTimeoutMs: options.headersTimeoutMs,
      bodyTimeoutMs: options.bodyTimeoutMs,
    });
  }

  /**
   * Enterprises with these unified social credit codes (absent codes are simply not in the list).
   * Every list call throws INVALID_ARGUMENT, asking nothing, for a value with a comma or a control character.
   */
  enterprisesByUscc(usccs: readonly string[], call: CallContext = {}): Promise<Record<string, unknown>[]> {
    return this.listAll('/api/v2/enterprises', 'uscc', usccs, call);
  }

  /** Enterprises whose legal representative holds one of these identity numbers. */
  enterprisesByLegalRep(ids: readonly string[], call: CallContext = {}): Promise<Record<string, unknown>[]> {
    return this.listAll('/api/v2/enterprises', 'legal_rep_id_no', ids, call);
  }

  /** Licences held by the enterprises with these codes. */
  licensesByUscc(usccs: readonly string[], call: CallContext = {}): Promise<Record<string, unknown>[]> {
    return this.listAll('/api/v2/licenses', 'uscc', usccs, call);
  }

  /** Whether the registry answers its health check. */
  async healthy(): Promise<boolean> {
    try {
      const reply = await this.http.request({ method: 'GET', path: '/api/v2/health' });
      if (reply.status !== 200) return false;
      parseEnvelope(reply.body);
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async listAll(
    path: string,
    param: string,
    values: readonly string[],
    call: CallContext,
  ): Promise<Record<string, unknown>[]> {
    checkKeys(param, values);
    const size = this.options.pageSize;
    const first = await this.page(path, param, values, 1, call);
    const pages = Math.ceil(first.total / size);
    if (pages > MAX_PAGES)
      throw badReply(`total ${first.total} would take ${pages} pages (more than ${MAX_PAGES})`);
    const rest = await inParallel(pages - 1, this.options.pageConcurrency, (i) =>
      this.page(path, param, values, i + 2, call),
    );
    return [first.items, ...rest.map((p) => p.items)].flat();
  }

  private async page(
    path: string,
    param: string,
    values: readonly string[],
    page: number,
    call: CallContext,
  ) {
    const size = this.options.pageSize;
    const query = new URLSearchParams({
      [param]: values.join(','),
      page: String(page),
      page_size: String(size),
    });
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.traceId) headers['x-trace-id'] = call.traceId;
    const reply = await this.http.request({
      method: 'GET',
      path: `${path}?${query}`,
      headers,
      scope: call,
    });
    if (reply.status !== 200) throw statusError(reply);
    return parsePage(reply.body, page, size);
  }
}

/** Runs `count` tasks, at most `concurrency` at once, results in task order. */
async function inParallel<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(Math.max(0, count));
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(0, count)) }, worker));
  return results;
}
