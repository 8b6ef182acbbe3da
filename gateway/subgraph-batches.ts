import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import type { Agent } from 'undici';
import { lateTimer, withTimeoutSignal } from '../adapters/kit/late-timer';
import { logger } from '../adapters/kit/logger';
import { metrics } from '../adapters/kit/metrics';
import { BATCH_HEADER, type BatchEntry, type BatchReply } from '../subgraphs/kit/batch';
import { DEADLINE_HEADER } from '../subgraphs/kit/context';
import { fetcherReply, poolFetcher } from './data-source';

/** Most calls one batch carries (the subgraphs take up to MAX_BATCH_ENTRIES). @default 32 */
export const MAX_BATCH_CALLS = 32;
/**
 * Most body bytes of the calls one batch carries: well within the subgraphs' MAX_BODY_BYTES with
 * the envelope's headers, so a batch is never refused as too large where its calls alone would not be.
 */
export const MAX_BATCH_BODY_BYTES = 256 * 1024;

interface Waiting {
  init: FetcherRequestInit;
  resolve: (reply: FetcherResponse) => void;
  reject: (e: unknown) => void;
}

const timeoutError = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

/** The time a call may take (its deadline header), or NaN when it has none. */
const leftOf = (init: FetcherRequestInit) =>
  Number((init.headers as Record<string, string> | undefined)?.[DEADLINE_HEADER]);

/**
 * A Fetcher that sends the calls made to one subgraph in the same turn of the event loop as one
 * HTTP exchange (a batch: subgraphs/kit/batch.ts), not one each. Every call keeps its own
 * headers (its signed context, deadline, trace, channel) and gets its own answer, status
 * included, as soon as the subgraph has it, and its own timeout; the batch lasts as long as its
 * longest call may. Under load the gateway then writes to each subgraph once per turn, and the
 * subgraph wakes once for them, where each socket write costs more than the GraphQL around it. A call alone in its turn goes
 * as before (no envelope, no wait: the calls are gathered only until the event loop's check
 * phase). A subgraph that answers a batch as no batch (not built on the kit) gets single calls
 * from then on; nothing of such a batch ran.
 */
export function batchingFetcher(agent: Agent, maxCalls = MAX_BATCH_CALLS): Fetcher {
  const single = poolFetcher(agent);
  const noBatches = new Set<string>();
  let forming: Map<string, Waiting[]> | null = null;

  const sendSingly = (url: string, waiting: readonly Waiting[]) => {
    for (const w of waiting) single(url, w.init).then(w.resolve, w.reject);
  };

  const sendBatch = async (url: string, waiting: readonly Waiting[]) => {
    const lefts = waiting.map((w) => leftOf(w.init));
    // Each call ends at its own deadline, as it would alone; the exchange at the last of them.
    const cancels = waiting.map((w, i) =>
      Number.isFinite(lefts[i])
        ? lateTimer(Math.max(1, lefts[i]!), () => w.reject(timeoutError()))
        : () => {},
    );
    const longest = lefts.every(Number.isFinite) ? Math.max(1, ...lefts) : NaN;
    const entries: BatchEntry[] = waiting.map((w) => ({
      headers: (w.init.headers ?? {}) as Record<string, string>,
      body: String(w.init.body ?? ''),
    }));
    const target = new URL(url);
    const answered = new Array<boolean>(waiting.length).fill(false);
    /** One answer line `{ i, status, headers, body }`: its call is answered at once. */
    const settleLine = (line: string) => {
      const r = JSON.parse(line) as BatchReply & { i: number };
      const w = Number.isInteger(r.i) ? waiting[r.i] : undefined;
      if (!w || answered[r.i]) throw new Error(`batch answer for no call of it (${String(r.i)})`);
      answered[r.i] = true;
      w.resolve(fetcherReply(url, r.status, r.headers ?? {}, String(r.body)));
    };
    const exchange = async (signal?: AbortSignal) => {
      const res = await agent.request({
        origin: target.origin,
        path: target.pathname + target.search,
        method: 'POST',
        headers: { 'content-type': 'application/json', [BATCH_HEADER]: '1' },
        body: JSON.stringify(entries),
        signal,
      });
      if (!res.headers[BATCH_HEADER] || res.statusCode !== 200)
        return { res, text: await res.body.text(), streamed: false };
      // Answers arrive as they are ready, one JSON line each: a quick call never waits for a slow one.
      res.body.setEncoding('utf8');
      let rest = '';
      for await (const chunk of res.body as AsyncIterable<string>) {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop()!;
        for (const line of lines) if (line) settleLine(line);
      }
      if (rest) settleLine(rest);
      return { res, text: '', streamed: true };
    };
    try {
      const { res, text, streamed } = Number.isFinite(longest)
        ? await withTimeoutSignal(longest, exchange)
        : await exchange();
      if (!res.headers[BATCH_HEADER]) {
        logger.warn({ url, status: res.statusCode }, 'subgraph does not take batches: calling it singly');
        noBatches.add(url);
        return sendSingly(url, waiting);
      }
      if (!streamed) {
        // The batch as a whole was refused (too large, malformed): each call gets that answer.
        for (const w of waiting) w.resolve(fetcherReply(url, res.statusCode, res.headers, text));
        return;
      }
      const missing = answered.filter((a) => !a).length;
      if (missing) throw new Error(`batch of ${waiting.length} ended with ${missing} calls unanswered`);
    } catch (e) {
      // Calls answered already keep their answer (a settled promise ignores this).
      for (const w of waiting) w.reject(e);
    } finally {
      for (const cancel of cancels) cancel();
    }
  };

  const flush = () => {
    const groups = forming!;
    forming = null;
    for (const [url, waiting] of groups) {
      let part: Waiting[] = [];
      let bytes = 0;
      const send = () => {
        if (part.length === 0) return;
        metrics.subgraphBatchCalls.observe(part.length);
        if (part.length === 1) sendSingly(url, part);
        else void sendBatch(url, part);
        part = [];
        bytes = 0;
      };
      for (const w of waiting) {
        const size = String(w.init.body ?? '').length;
        if (part.length === maxCalls || (part.length > 0 && bytes + size > MAX_BATCH_BODY_BYTES)) send();
        part.push(w);
        bytes += size;
      }
      send();
    }
  };

  return (url: string, init?: FetcherRequestInit): Promise<FetcherResponse> => {
    if (noBatches.has(url) || (init?.method ?? 'POST') !== 'POST') return single(url, init);
    return new Promise((resolve, reject) => {
      if (!forming) {
        forming = new Map();
        setImmediate(flush);
      }
      let waiting = forming.get(url);
      if (!waiting) forming.set(url, (waiting = []));
      waiting.push({ init: init ?? {}, resolve, reject });
    });
  };
}
