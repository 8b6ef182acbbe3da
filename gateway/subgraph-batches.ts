import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import type { Agent } from 'undici';
import { lateTimer, timeoutError, withTimeoutSignal } from '../adapters/kit/late-timer';
import { logger } from '../adapters/kit/logger';
import { metrics } from '../adapters/kit/metrics';
import { BATCH_HEADER, type BatchReply } from '../subgraphs/kit/batch';
import { DEADLINE_HEADER } from '../subgraphs/kit/context';
import { fetcherReply, poolFetcher, SUBGRAPH_CONNECTIONS, timeLeftOf } from './data-source';

/** Most calls one batch carries (the subgraphs take up to MAX_BATCH_ENTRIES). @default 32 */
export const MAX_BATCH_CALLS = 32;
/**
 * Most bytes of one batch's body (the calls' headers and bodies, as sent): a quarter of the
 * subgraphs' MAX_BODY_BYTES, so a batch is never refused as too large where its calls alone would
 * not be. A call larger than this goes alone.
 */
export const MAX_BATCH_BYTES = 256 * 1024;
/** How long a subgraph that refused a batch as no batch is called singly before a batch is tried again, in ms. @default 60_000 */
export const NO_BATCHES_RETRY_MS = 60_000;
/**
 * Statuses with which a server that knows no batches refuses one without running any of it (an
 * array where it expects one operation; a path or method it does not serve). Any other answer
 * without the batch header (a load balancer's 502 or 504, say) may come after some calls ran: they
 * fail, they are not sent again.
 */
const NOT_A_BATCH_SERVER = new Set([400, 404, 405, 415]);

export interface BatchingOptions {
  /** @default MAX_BATCH_CALLS */
  maxCalls?: number;
  /**
   * Most calls in flight to one subgraph (the pool's connections bounded them when each call had
   * one); more wait in the gateway and go out together as calls end. @default SUBGRAPH_CONNECTIONS (64)
   */
  maxInFlight?: number;
  /** @default NO_BATCHES_RETRY_MS */
  noBatchesRetryMs?: number;
  /** The subgraph this fetcher calls, as its metric's `subgraph` label. @default 'unnamed' */
  subgraph?: string;
}

/** One call waiting for its answer: settled once, by its answer, its failure or its own timeout. */
class Call {
  settled = false;
  /** Told once when the call settles (its place among the calls in flight is free). */
  onSettle: () => void = () => {};
  private cancelTimer: () => void = () => {};
  /** When the call's deadline passes (performance.now(), ms), Infinity for a call without one. */
  private readonly deadlineAt: number;

  constructor(
    private readonly init: FetcherRequestInit,
    private readonly resolveWith: (reply: FetcherResponse) => void,
    private readonly rejectWith: (e: unknown) => void,
  ) {
    const left = timeLeftOf(init);
    this.deadlineAt = Number.isFinite(left) ? performance.now() + left : Infinity;
  }

  /** Ms until the call's deadline (Infinity without one). */
  timeLeft(): number {
    return this.deadlineAt - performance.now();
  }

  /**
   * The call as it is sent now: its deadline header gives the time it has left, less what it
   * waited in the gateway (for its turn to end, for room, for a refused batch), so the subgraph
   * ends its work when the gateway stops waiting for it.
   */
  sendable(): FetcherRequestInit {
    const left = this.timeLeft();
    if (!Number.isFinite(left)) return this.init;
    // Rounded, not floored: a call sent in the turn it was made keeps its header (no copy); half a
    // millisecond more is nothing beside the answer margin the subgraph keeps back.
    const ms = String(Math.max(1, Math.round(left)));
    const headers = this.init.headers as Record<string, string>;
    return headers[DEADLINE_HEADER] === ms
      ? this.init
      : { ...this.init, headers: { ...headers, [DEADLINE_HEADER]: ms } };
  }

  private asEntry?: { json: string; bytes: number };
  /**
   * The call as one entry of a batch's body (JSON) and its size in bytes: worked out only for a
   * call that may share a batch, as it is about to be sent.
   */
  get entry(): { json: string; bytes: number } {
    if (!this.asEntry) {
      const init = this.sendable();
      const json = JSON.stringify({ headers: init.headers ?? {}, body: String(init.body ?? '') });
      this.asEntry = { json, bytes: Buffer.byteLength(json) };
    }
    return this.asEntry;
  }

  /**
   * Ends the call now, as a timeout, if its deadline has passed (its timer may fire late on a busy
   * machine): a call no one waits for is not sent. True if it ended.
   */
  expired(): boolean {
    if (this.timeLeft() > 0) return false;
    this.reject(timeoutError());
    return true;
  }

  /** Ends the call at its own deadline, as it would end alone (waiting for room included). */
  arm(): void {
    const left = this.timeLeft();
    if (Number.isFinite(left))
      this.cancelTimer = lateTimer(Math.max(1, left), () => this.reject(timeoutError()));
  }

  resolve(reply: FetcherResponse): void {
    this.settle(() => this.resolveWith(reply));
  }

  reject(e: unknown): void {
    this.settle(() => this.rejectWith(e));
  }

  private settle(tell: () => void): void {
    if (this.settled) return;
    this.settled = true;
    this.cancelTimer();
    this.onSettle();
    tell();
  }
}

/**
 * A Fetcher that sends the calls made to one subgraph in the same turn of the event loop as one
 * HTTP exchange (a batch: subgraphs/kit/batch.ts), not one each. Every call keeps its own
 * headers (its signed context, trace, channel; its deadline less what it waited in the gateway)
 * and gets its own answer, status included,
 * as soon as the subgraph has it; the gateway stops waiting for a call at its own deadline, and the
 * exchange lasts as long as its longest call may (the subgraph ends each call's work by the deadline
 * the call carries; a call the gateway gave up on is not cut short sooner, as closing its connection
 * would cut a call of its own). Under load the gateway then writes to each subgraph once per turn, and
 * the subgraph wakes once for them, where each socket write costs more than the GraphQL around it.
 * Calls wait only for the check phase of the turn they were made in; one alone in its turn goes as
 * before, without an envelope. A subgraph that refuses a batch as no batch (not built on the kit,
 * or an older instance) gets single calls for a while (NO_BATCHES_RETRY_MS), the refused ones too:
 * nothing of them ran.
 */
export function batchingFetcher(agent: Agent, options: BatchingOptions = {}): Fetcher {
  const maxCalls = options.maxCalls ?? MAX_BATCH_CALLS;
  const maxInFlight = options.maxInFlight ?? SUBGRAPH_CONNECTIONS;
  const retryMs = options.noBatchesRetryMs ?? NO_BATCHES_RETRY_MS;
  const single = poolFetcher(agent);
  const exchanged = metrics.subgraphBatchCalls.labels({ subgraph: options.subgraph ?? 'unnamed' });
  /** Subgraphs called singly, until when. */
  const noBatchesUntil = new Map<string, number>();
  let forming: Map<string, Call[]> | null = null;

  const sendAlone = (url: string, call: Call) => {
    exchanged.observe(1);
    single(url, call.sendable()).then(
      (r) => call.resolve(r),
      (e) => call.reject(e),
    );
  };

  const sendBatch = async (url: string, calls: readonly Call[]) => {
    try {
      const lefts = calls.map((c) => c.timeLeft());
      const longest = lefts.every(Number.isFinite) ? Math.max(1, ...lefts) : NaN;
      const target = new URL(url);
      const answered = new Set<number>();
      /** One answer line `{ i, status, headers, body }`: its call is answered at once. */
      const settleLine = (line: string) => {
        const r = JSON.parse(line) as BatchReply & { i: number };
        const call = Number.isInteger(r.i) ? calls[r.i] : undefined;
        if (!call) throw new Error(`batch answer for no call of it (${String(r.i)})`);
        call.resolve(fetcherReply(url, r.status, r.headers ?? {}, String(r.body)));
        answered.add(r.i);
      };
      const exchange = async (signal?: AbortSignal) => {
        exchanged.observe(calls.length);
        const res = await agent.request({
          origin: target.origin,
          path: target.pathname + target.search,
          method: 'POST',
          headers: { 'content-type': 'application/json', [BATCH_HEADER]: '1' },
          body: `[${calls.map((c) => c.entry.json).join(',')}]`,
          signal,
        });
        if (!res.headers[BATCH_HEADER] || res.statusCode !== 200)
          return { res, text: await res.body.text(), streamed: false };
        // Answers arrive as they are ready, one JSON line each: a quick call never waits for a slow one.
        res.body.setEncoding('utf8');
        let rest = '';
        for await (const chunk of res.body as AsyncIterable<string>) {
          rest += chunk;
          const end = rest.lastIndexOf('\n');
          if (end < 0) continue;
          const lines = rest.slice(0, end).split('\n');
          rest = rest.slice(end + 1);
          for (const line of lines) if (line) settleLine(line);
        }
        if (rest) settleLine(rest);
        return { res, text: '', streamed: true };
      };
      const { res, text, streamed } = Number.isFinite(longest)
        ? await withTimeoutSignal(longest, exchange)
        : await exchange();
      if (!res.headers[BATCH_HEADER]) {
        if (!NOT_A_BATCH_SERVER.has(res.statusCode))
          throw new Error(`subgraph answered a batch ${res.statusCode} without taking it`);
        logger.warn(
          { url, status: res.statusCode, retryMs },
          'subgraph refused a batch as no batch: calling it singly for a while',
        );
        noBatchesUntil.set(url, Date.now() + retryMs);
        // Nothing of them ran: the calls still waiting go singly, with the time they have left.
        for (const call of calls) if (!call.settled && !call.expired()) sendAlone(url, call);
        return;
      }
      if (!streamed) {
        // The batch as a whole was refused (too many calls, malformed): each call gets that answer.
        for (const call of calls) call.resolve(fetcherReply(url, res.statusCode, res.headers, text));
        return;
      }
      const missing = calls.length - answered.size;
      if (missing) throw new Error(`batch of ${calls.length} ended with ${missing} calls unanswered`);
    } catch (e) {
      // Calls answered already keep their answer.
      for (const call of calls) call.reject(e);
    }
  };

  /** Calls waiting for room, and calls in flight, by subgraph. */
  const waiting = new Map<string, Call[]>();
  const inFlight = new Map<string, number>();
  const pumpLater = new Set<string>();

  /** Sends what there is room for: batches of up to maxCalls and MAX_BATCH_BYTES, or a call alone. */
  const pump = (url: string) => {
    const queue = waiting.get(url) ?? [];
    let room = maxInFlight - (inFlight.get(url) ?? 0);
    while (room > 0 && queue.length > 0) {
      const part: Call[] = [];
      let bytes = 0;
      while (queue.length > 0 && part.length < Math.min(maxCalls, room)) {
        const call = queue[0]!;
        if (call.settled || call.expired()) {
          // Timed out while it waited: nothing to send.
          queue.shift();
          continue;
        }
        // A call that goes alone is never encoded as an entry.
        if (part.length === 1) bytes = part[0]!.entry.bytes;
        if (part.length > 0 && bytes + call.entry.bytes > MAX_BATCH_BYTES) break;
        part.push(queue.shift()!);
        if (part.length > 1) bytes += call.entry.bytes;
      }
      if (part.length === 0) break;
      room -= part.length;
      inFlight.set(url, (inFlight.get(url) ?? 0) + part.length);
      for (const call of part)
        call.onSettle = () => {
          inFlight.set(url, inFlight.get(url)! - 1);
          // Calls ending in the same turn make room together: what waits goes out in one batch.
          if (!pumpLater.has(url) && waiting.has(url)) {
            pumpLater.add(url);
            setImmediate(() => {
              pumpLater.delete(url);
              pump(url);
            });
          }
        };
      if (part.length === 1) sendAlone(url, part[0]!);
      else void sendBatch(url, part);
    }
    if (queue.length === 0) waiting.delete(url);
  };

  const flush = () => {
    const groups = forming!;
    forming = null;
    for (const [url, calls] of groups) {
      const queue = waiting.get(url);
      if (queue) queue.push(...calls);
      else waiting.set(url, calls);
      pump(url);
    }
  };

  return (url: string, init?: FetcherRequestInit): Promise<FetcherResponse> => {
    const until = noBatchesUntil.get(url);
    if (until !== undefined && Date.now() >= until) noBatchesUntil.delete(url);
    if (noBatchesUntil.has(url) || (init?.method ?? 'POST') !== 'POST') {
      exchanged.observe(1);
      return single(url, init);
    }
    return new Promise((resolve, reject) => {
      if (!forming) {
        forming = new Map();
        setImmediate(flush);
      }
      let calls = forming.get(url);
      if (!calls) forming.set(url, (calls = []));
      const call = new Call(init ?? {}, resolve, reject);
      call.arm();
      calls.push(call);
    });
  };
}
