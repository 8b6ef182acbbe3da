import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/** One answered (or failed) request of a load run. */
export interface Sample {
  /** When it was sent, ms since the run began. */
  at: number;
  ms: number;
  /** HTTP status; 0 when the request failed before an answer (socket error). */
  status: number;
  /** extensions.code of each GraphQL error, in order ('-' for an error without one). */
  codes: string[];
  /** extensions.department of each GraphQL error, in the same order ('-' for none). */
  departments: string[];
}

export interface LoadOptions {
  /** The gateway's GraphQL endpoint. */
  url: string;
  query: string;
  /** The variables, or a function giving each request its own. */
  variables?: Record<string, unknown> | (() => Record<string, unknown>);
  /** Clients in the closed loop: each sends its next request when its last one is answered. */
  concurrency: number;
  durationMs: number;
  /** Called once a second with the samples of that second (progress output). */
  onSecond?: (second: number, samples: Sample[]) => void;
  headers?: Record<string, string>;
}

/**
 * A closed loop of `concurrency` clients sending the same GraphQL request for `durationMs`
 * over one keep-alive undici Pool, as the counter consoles of a service centre would.
 */
export async function runLoad(options: LoadOptions): Promise<Sample[]> {
  const url = new URL(options.url);
  const pool = new Pool(url.origin, { connections: options.concurrency, keepAliveTimeout: 10_000 });
  const vars = options.variables ?? {};
  const bodyOf = () =>
    JSON.stringify({ query: options.query, variables: typeof vars === 'function' ? vars() : vars });
  const headers = { 'content-type': 'application/json', 'x-channel': 'counter', ...options.headers };
  const samples: Sample[] = [];
  const start = performance.now();
  const end = start + options.durationMs;
  let reported = 0;
  let second = 1;
  const ticker = setInterval(() => {
    options.onSecond?.(second++, samples.slice(reported));
    reported = samples.length;
  }, 1_000);
  const client = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      let status = 0;
      let errors: { extensions?: { code?: string; department?: string } }[] = [];
      try {
        const res = await pool.request({ path: url.pathname, method: 'POST', headers, body: bodyOf() });
        status = res.statusCode;
        errors = ((await res.body.json()) as { errors?: typeof errors }).errors ?? [];
      } catch (e) {
        errors = [{ extensions: { code: `socket: ${(e as Error).message}` } }];
      }
      samples.push({
        at: sent - start,
        ms: performance.now() - sent,
        status,
        codes: errors.map((e) => e.extensions?.code ?? '-'),
        departments: errors.map((e) => e.extensions?.department ?? '-'),
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, client));
  } finally {
    clearInterval(ticker);
    await pool.close();
  }
  return samples;
}

/** The p-th percentile (0..100) of some latencies, nearest rank; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Summary {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers with at least one GraphQL error (a partial result). */
  partial: number;
  /** Requests without an HTTP 200 answer. */
  failed: number;
  /** How often each error code was seen. */
  codes: Record<string, number>;
}

/** Figures of some samples taken over `seconds`. */
export function summarize(samples: Sample[], seconds: number): Summary {
  const codes: Record<string, number> = {};
  for (const s of samples) for (const c of s.codes) codes[c] = (codes[c] ?? 0) + 1;
  const ms = samples.map((s) => s.ms);
  return {
    requests: samples.length,
    rps: seconds > 0 ? samples.length / seconds : NaN,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    max: ms.length ? Math.max(...ms) : NaN,
    partial: samples.filter((s) => s.status === 200 && s.codes.length > 0).length,
    failed: samples.filter((s) => s.status !== 200).length,
    codes,
  };
}

/** A plain-text table: one header row, right-aligned numbers. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? format(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) =>
    r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

function format(n: number): string {
  if (Number.isNaN(n)) return '-';
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** `--name value` flags of a bench script, as numbers, with defaults. */
export function numberFlag(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number: ${argv[i + 1]}`);
  return n;
}
