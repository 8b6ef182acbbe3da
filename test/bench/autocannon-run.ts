import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import type { ScenarioRow } from './scenario';

/** One request as the load tool sends it: its own body and headers (token, purpose), and a tag. */
export interface LoadRequest {
  /** The JSON body (query and variables). */
  body: string;
  /** Headers besides `content-type: application/json`, e.g. authorization, x-purpose, x-channel. */
  headers: Record<string, string>;
  /** Groups answers for split figures (e.g. `with companies`); absent: none. */
  tag?: string;
}

export interface AutocannonRunOptions {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** Connections, each sending its next request when its last one is answered (a closed loop). */
  connections: number;
  /** How long to run, in seconds; or */
  seconds?: number;
  /** exactly this many requests in all, then stop (`seconds` is then ignored). */
  amount?: number;
  /** Gives each request as it is about to be sent. */
  next: () => LoadRequest;
  /** Names the run in the progress lines (stderr, once a second). */
  label: string;
  /** Seconds before a request counts as failed. @default 10 */
  timeoutSec?: number;
}

/** What one load run saw. */
export interface LoadRun {
  /** Answers received (any status). */
  requests: number;
  /** Seconds from the start to the last answer. */
  durationSec: number;
  /** Answers with a status outside 2xx. */
  non2xx: number;
  /** 2xx answers whose body carries GraphQL `errors` (a partial or failed result). */
  graphqlErrors: number;
  /** Requests that got no answer at all: socket errors and timeouts (autocannon's `errors`). */
  failed: number;
  /** How often each error was seen: `extensions.code` of GraphQL errors, `HTTP <status>`, `no answer`. */
  codes: Record<string, number>;
  /** Every answer's latency in ms, in order of arrival (autocannon's own per-response measurement). */
  latenciesMs: number[];
  /** The tag of the request of each answer, parallel to `latenciesMs`. */
  tags: (string | undefined)[];
}

interface GraphQLBody {
  errors?: { extensions?: { code?: unknown } }[];
}

/** Errors of a run: answers outside 2xx, 2xx answers with GraphQL errors, requests with no answer. */
export function errorCount(run: LoadRun): number {
  return run.non2xx + run.graphqlErrors + run.failed;
}

/** `ms` spread over `count` (per request, per scan), to 3 decimals; NaN when there were none. */
export function msPer(ms: number, count: number): number {
  return count > 0 ? round(ms / count, 3) : NaN;
}

/** Counts the errors of one answer into `run` (the body is parsed only when it may hold some). */
export function countAnswer(run: LoadRun, status: number, body: string): void {
  const ok = status >= 200 && status < 300;
  if (!ok) {
    run.non2xx++;
    run.codes[`HTTP ${status}`] = (run.codes[`HTTP ${status}`] ?? 0) + 1;
  }
  if (!body.includes('"errors"')) return;
  let parsed: GraphQLBody;
  try {
    parsed = JSON.parse(body) as GraphQLBody;
  } catch {
    if (ok) run.graphqlErrors++;
    run.codes['unparsable body'] = (run.codes['unparsable body'] ?? 0) + 1;
    return;
  }
  const errors = Array.isArray(parsed.errors) ? parsed.errors : [];
  if (errors.length === 0) return;
  if (ok) run.graphqlErrors++;
  for (const e of errors) {
    const code = typeof e.extensions?.code === 'string' ? e.extensions.code : '-';
    run.codes[code] = (run.codes[code] ?? 0) + 1;
  }
}

export function emptyRun(): LoadRun {
  return {
    requests: 0,
    durationSec: 0,
    non2xx: 0,
    graphqlErrors: 0,
    failed: 0,
    codes: {},
    latenciesMs: [],
    tags: [],
  };
}

/**
 * Runs autocannon 9 against a GraphQL endpoint with a closed loop of `connections`, each request
 * built by `next()` (autocannon's `setupRequest`), so each can carry its own token, purpose and
 * variables. Every answer's body is checked for GraphQL errors (`onResponse`) and its latency kept.
 *
 * Latencies are the per-response times autocannon measures (its `response` event), kept whole:
 * autocannon's own histogram has no p95 and rounds to whole ms, too coarse at zero mock latency.
 * Progress goes to stderr once a second.
 */
export function runAutocannon(options: AutocannonRunOptions): Promise<LoadRun> {
  const url = new URL(options.url);
  const run = emptyRun();
  const start = performance.now();
  let lastAnswer = start;
  // onResponse (with the request's context) and the instance's `response` event (with the latency)
  // fire one after the other, synchronously, for the same answer: the tag passes between them here.
  let answeredTag: string | undefined;
  const request: autocannon.Request = {
    method: 'POST',
    path: `${url.pathname}${url.search}`,
    setupRequest: (req, context) => {
      const r = options.next();
      context.tag = r.tag;
      return { ...req, headers: { 'content-type': 'application/json', ...r.headers }, body: r.body };
    },
    onResponse: (status, body, context) => {
      answeredTag = context.tag as string | undefined;
      countAnswer(run, status, body);
    },
  };
  return new Promise((resolve, reject) => {
    const stopProgress = showProgress(run, options.label);
    const instance = autocannon(
      {
        url: url.origin,
        connections: options.connections,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
        timeout: options.timeoutSec ?? 10,
        requests: [request],
      },
      (error, result) => {
        stopProgress();
        if (error) return reject(error);
        run.failed = result.errors;
        if (result.errors) run.codes['no answer'] = result.errors;
        run.durationSec = (lastAnswer - start) / 1000;
        resolve(run);
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
      run.requests++;
      run.latenciesMs.push(ms);
      run.tags.push(answeredTag);
      answeredTag = undefined;
      lastAnswer = performance.now();
    });
  });
}

/**
 * Prints a run's progress to stderr once a second (answers so far, the last second's count and
 * p50, errors) until the returned function is called.
 */
export function showProgress(run: LoadRun, label: string): () => void {
  let reported = 0;
  let second = 0;
  const ticker = setInterval(() => {
    second++;
    const recent = run.latenciesMs.slice(reported);
    reported = run.latenciesMs.length;
    const p50 = percentiles(recent, [50])[0]!;
    process.stderr.write(
      `  [${label}] ${second}s: ${run.requests} answered (${recent.length}/s), ` +
        `p50 ${Number.isNaN(p50) ? '-' : p50.toFixed(1)} ms, errors ${errorCount(run)}\n`,
    );
  }, 1_000);
  return () => clearInterval(ticker);
}

/** Several runs of one variant (e.g. alternating slices) as one: counts and durations added. */
export function mergeRuns(runs: LoadRun[]): LoadRun {
  const merged = emptyRun();
  for (const r of runs) {
    merged.requests += r.requests;
    merged.durationSec += r.durationSec;
    merged.non2xx += r.non2xx;
    merged.graphqlErrors += r.graphqlErrors;
    merged.failed += r.failed;
    for (const [code, n] of Object.entries(r.codes)) merged.codes[code] = (merged.codes[code] ?? 0) + n;
    merged.latenciesMs.push(...r.latenciesMs);
    merged.tags.push(...r.tags);
  }
  return merged;
}

/** Nearest-rank percentiles (0..100) of some values, in the order asked; NaN when there are none. */
export function percentiles(values: number[], ps: number[]): number[] {
  if (values.length === 0) return ps.map(() => NaN);
  const sorted = Float64Array.from(values).sort();
  return ps.map(
    (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!,
  );
}

/** The latencies of the answers with one tag. */
export function latenciesTagged(run: LoadRun, tag: string): number[] {
  return run.latenciesMs.filter((_, i) => run.tags[i] === tag);
}

/** The error codes of a run as one short text, e.g. `DEPARTMENT_TIMEOUT×3 HTTP 503×1`, or `-`. */
export function codesText(run: LoadRun): string {
  const parts = Object.entries(run.codes).map(([code, n]) => `${code}×${n}`);
  return parts.length ? parts.join(' ') : '-';
}

/**
 * A run as a row of the results: errors are answers outside 2xx, 2xx answers with GraphQL
 * errors and requests with no answer; RPS is answers over the time to the last answer.
 */
export function toRow(
  variant: string,
  run: LoadRun,
  connections: number,
  extra?: Record<string, string | number>,
): ScenarioRow {
  const [p50, p95, p99] = percentiles(run.latenciesMs, [50, 95, 99]) as [number, number, number];
  return {
    variant,
    connections,
    durationSec: round(run.durationSec, 1),
    requests: run.requests,
    errors: errorCount(run),
    rps: run.durationSec > 0 ? round(run.requests / run.durationSec, 1) : NaN,
    p50Ms: round(p50, 1),
    p95Ms: round(p95, 1),
    p99Ms: round(p99, 1),
    ...(extra ? { extra } : {}),
  };
}

/** A number rounded to some decimals. */
export function round(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}
