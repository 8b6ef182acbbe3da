import { HttpUpstream } from '../kit/http-upstream';
import { parseEnvelope, parsePage } from './envelope';
import { badReply, DEPARTMENT, statusError } from './errors';
import type { ResolvedOptions } from './options';

/** What a call carries from the GraphQL request: its trace id and its end. */
export interface CallContext {
  traceId?: string;
  signal?: AbortSignal;
}

/** More pages than this for one query means the registry lost track of its total. */
const MAX_PAGES = 500;

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

  /** Enterprises with these unified social credit codes (absent codes are simply not in the list). */
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
      signal: call.signal,
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
