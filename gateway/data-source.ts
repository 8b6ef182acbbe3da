import { STATUS_CODES } from 'node:http';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { Agent } from 'undici';
import { isDataLayerError } from '../adapters/kit/errors';
import { withTimeoutSignal } from '../adapters/kit/late-timer';
import { DEADLINE_HEADER } from '../subgraphs/kit/context';
import { bodyHash, CONTEXT_HEADER, type ContextSigner } from '../trust/context/signed-context';
import { metSubjectOutsidePart } from '../trust/policy/decide';
import type { GatewayContext } from './context';
import type { ReferenceCache } from './reference-cache';
import type { SeedHolds } from './speculation/seed-holds';

/** Keep-alive connections per subgraph origin, unless set. */
export const SUBGRAPH_CONNECTIONS = 64;

export interface SubgraphPoolOptions {
  /** Keep-alive connections per subgraph origin. @default SUBGRAPH_CONNECTIONS (64) */
  connections?: number;
  /** Time to connect to a subgraph, in ms. @default 2_000 (2 s) */
  connectTimeoutMs?: number;
  /** Time to a subgraph's response headers, in ms. @default 15_000 (15 s) */
  headersTimeoutMs?: number;
}

/**
 * One undici Agent (a keep-alive Pool per subgraph origin) for all subgraph calls,
 * instead of @apollo/gateway's default node-fetch fetcher that pays for new sockets.
 */
export function createSubgraphAgent(options: SubgraphPoolOptions = {}): Agent {
  return new Agent({
    connections: options.connections ?? SUBGRAPH_CONNECTIONS,
    connect: { timeout: options.connectTimeoutMs ?? 2_000 },
    headersTimeout: options.headersTimeoutMs ?? 15_000,
    bodyTimeout: options.headersTimeoutMs ?? 15_000,
    keepAliveTimeout: 30_000,
  });
}

/** Most operation texts a data source keeps figures of (then it starts afresh). */
const MAX_REMEMBERED_OPERATIONS = 1_000;
/** Calls on a partial subject set an operation's figures cover: past it both counts halve (recent calls weigh most). */
const OUTSIDE_RATE_WINDOW = 32;
/** Of an operation's calls that would wait for the whole set, one in this many is asked on the part anyway (its figures stay current). */
const PROBE_EVERY = 8;

/** Nothing once the whole subject set is known; the failed look-up as a subgraph's answer when working it out failed. */
async function failure(whole: Promise<unknown>) {
  try {
    await whole;
    return undefined;
  } catch (e) {
    const extensions = isDataLayerError(e) ? e.toExtensions() : { code: 'DEPARTMENT_UNAVAILABLE' };
    return { data: null, errors: [{ message: (e as Error).message ?? String(e), extensions }] };
  }
}

/** Time kept back from the request's deadline to assemble and send the response, in ms. */
const ANSWER_MARGIN_MS = 50;

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** A RemoteGraphQLDataSource that calls through an undici pool and forwards the trace, channel and signed context. */
export class UndiciDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /**
   * Per operation text, of its recent calls on a partial subject set: how many met someone
   * outside the part (SUBJECTS_INCOMPLETE). One that mostly does waits for the whole set first.
   */
  private readonly outsideRate = new Map<string, { calls: number; met: number; waited: number }>();

  /**
   * @param timeoutMs longest one call to this subgraph may take, in ms, even when the request
   *   has more time left (a slow department must not hold the whole request).
   */
  constructor(
    readonly department: string,
    url: string,
    fetcher: Fetcher,
    private readonly sign: ContextSigner,
    private readonly timeoutMs = Infinity,
    private readonly holds?: SeedHolds,
    private readonly reference?: ReferenceCache,
  ) {
    super({ url, fetcher });
  }

  /**
   * Seed fetches of rewritten key lookups are answered here; the root and moved fetches are held
   * (speculation/); answers about reference entities may come from the reference cache.
   */
  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return super.process(options);
    const reference = this.reference;
    const call = reference
      ? () => reference.answer(options.request, () => this.withWholeSubjects(options))
      : () => this.withWholeSubjects(options);
    if (!this.holds) return call();
    return this.holds.process(options.context, options.request, call);
  }

  /**
   * One call, asked again with the request's whole subject set when the department met someone
   * outside the part known so far (SUBJECTS_INCOMPLETE: it withheld its answer); asking for the
   * whole set starts its look-ups. An operation that met someone outside in most of its recent
   * calls waits for the whole set first, rather than being asked twice (but one such call in
   * PROBE_EVERY is asked on the part, so its figures follow the data); one that seldom does (a
   * counter view of a person who represents no company) is asked at once, and no look-up is made
   * for it. When working out the whole set failed, the call fails with that error.
   */
  private async withWholeSubjects(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const whole = options.context?.trust?.subjects.partial ? options.context.wholeSubjects : undefined;
    if (!whole) return super.process(options);
    const query = options.request.query ?? '';
    const rate = this.outsideRate.get(query);
    if (rate && rate.met * 2 > rate.calls && ++rate.waited % PROBE_EVERY !== 0)
      return (await failure(whole.get())) ?? super.process(options);
    const answer = await super.process(options);
    const met = metSubjectOutsidePart(answer.errors);
    this.noteOutside(query, met);
    if (!met) return answer;
    return (await failure(whole.get())) ?? super.process(options);
  }

  private noteOutside(query: string, met: boolean): void {
    let rate = this.outsideRate.get(query);
    if (!rate) {
      if (this.outsideRate.size >= MAX_REMEMBERED_OPERATIONS) this.outsideRate.clear();
      rate = { calls: 0, met: 0, waited: 0 };
      this.outsideRate.set(query, rate);
    }
    rate.calls += 1;
    if (met) rate.met += 1;
    if (rate.calls >= OUTSIDE_RATE_WINDOW) {
      rate.calls /= 2;
      rate.met /= 2;
    }
  }

  /**
   * A subgraph that cannot be reached (or answers no GraphQL) fails as its department,
   * with a registry code, instead of an untyped error that names internal URLs.
   */
  override didEncounterError(error: Error): void {
    const cause = (error as { cause?: { code?: string } }).cause;
    const timedOut = TIMEOUT_CODES.has(cause?.code ?? '') || error.name === 'TimeoutError';
    const code = timedOut ? 'DEPARTMENT_TIMEOUT' : 'DEPARTMENT_UNAVAILABLE';
    throw new GraphQLError(
      `department ${this.department} ${timedOut ? 'did not answer in time' : 'did not answer'}`,
      {
        originalError: error,
        extensions: { code, department: this.department },
      },
    );
  }

  override async willSendRequest({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!context || !('traceparent' in context)) return;
    request.http?.headers.set('traceparent', context.traceparent);
    request.http?.headers.set('x-channel', context.channel);
    // Stop waiting for a subgraph a little before the deadline: the gateway still has to merge
    // what it got and send the answer, and the answer is what must arrive within the deadline.
    const timeLeft = () =>
      Math.min(this.timeoutMs, Math.max(1, context.deadline - Date.now() - ANSWER_MARGIN_MS));
    // Who asks, signed for this subgraph and this very operation: without it the subgraph answers nothing.
    const token = await this.sign(
      context.trust,
      this.department,
      bodyHash(request.query, request.variables),
      timeLeft() / 1000 + 1,
    );
    request.http?.headers.set(CONTEXT_HEADER, token);
    // Read once signed: the time signing took is not the subgraph's.
    request.http?.headers.set(DEADLINE_HEADER, String(timeLeft()));
  }
}

/**
 * A Fetcher over undici's own request API: fetch's WHATWG Request/Response/Headers cost the
 * gateway more CPU than the call itself with fast subgraphs. Gives @apollo/gateway what it reads
 * of a reply (ok, status, statusText, url, headers.get, json(), text()). The call ends when the
 * request's deadline does (willSendRequest put the time left in the header).
 */
export function poolFetcher(agent: Agent): Fetcher {
  return async (url: string, init?: FetcherRequestInit): Promise<FetcherResponse> => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const left = timeLeftOf(init);
    const target = new URL(url);
    const call = async (signal?: AbortSignal) => {
      const res = await agent.request({
        origin: target.origin,
        path: target.pathname + target.search,
        method: (init?.method ?? 'POST') as 'POST',
        headers,
        body: init?.body as string | undefined,
        signal,
      });
      return { res, text: await res.body.text() };
    };
    const { res, text } = Number.isFinite(left)
      ? await withTimeoutSignal(Math.max(1, left), call)
      : await call();
    return fetcherReply(url, res.statusCode, res.headers, text);
  };
}

/** The time a subgraph call may take in ms (the deadline header willSendRequest set), or NaN when it has none. */
export function timeLeftOf(init: FetcherRequestInit | undefined): number {
  return Number((init?.headers as Record<string, string> | undefined)?.[DEADLINE_HEADER]);
}

/** What @apollo/gateway reads of a subgraph's reply (ok, status, statusText, url, headers.get, json(), text()). */
export function fetcherReply(
  url: string,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
): FetcherResponse {
  const reply = {
    ok: status >= 200 && status <= 299,
    status,
    statusText: STATUS_CODES[status] ?? '',
    url,
    headers: {
      get: (name: string) => {
        const v = headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
    },
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
  };
  return reply as unknown as FetcherResponse;
}
