import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { envPrefix, SUBGRAPHS } from '../../gateway/departments';
import type { GatewayRun } from '../helpers/gateway-process';
import { dropSchemas } from '../helpers/pg-schemas';
import type { Stack } from '../helpers/stack';
import { round } from './autocannon-run';
import { BUILD_DIR, buildGateways, runCompiled } from './gateway-build';
import { mainThreadCpuMs, peakRssMb, processCpuMs, type CpuSpan } from './process-stats';
import { cpuProfileArgs, logFileOf, type ScenarioOptions } from './scenario-options';
import { stopProcess } from './stop-process';

/** A subgraph process that listens at `url`. */
export type SubgraphRun = GatewayRun & { url: string };

/** The subgraphs of a stack, each its own compiled process (`node dist/subgraphs/<name>/index.js`). */
export interface SubgraphProcesses {
  /** Each subgraph's GraphQL URL, by name (for the gateways' `<NAME>_SUBGRAPH_URL`). */
  urls: Record<string, string>;
  /** The running process of each subgraph, by name. */
  processes: Record<string, SubgraphRun>;
  /** CPU (user + system) all subgraph processes used so far, in ms; a restarted one's earlier incarnation included. */
  cpuMs(): number;
  /** The same by subgraph, in ms. */
  cpuMsBySubgraph(): Record<string, number>;
  /**
   * Starts measuring the processes' CPU together: `stop()` gives CPU ms, wall ms and % of one core
   * (sum over processes), and the CPU ms off their main threads.
   */
  cpuMeter(): () => CpuSpan;
  /** The sum over the running processes of each one's peak RSS (VmHWM), in MB. */
  peakRssMb(): number;
  /** Legacy calls (attempts) a subgraph's adapters made so far, from its `GET /metrics`; a restart keeps counting. */
  legacyCalls(name: string): Promise<number>;
  /** Each running process's request and legacy-call time so far (timeSpentFromMetrics), by name. */
  timeSpent(): Promise<Record<string, SubgraphTimeSpent>>;
  /**
   * Stops a subgraph process (SIGTERM: it drains) and starts a fresh one on the same port with the
   * same environment (same legacy system, same cache, same stores), as a restarted instance.
   */
  restart(name: string): Promise<void>;
  /** Stops every subgraph process (they drain; a CPU profile is written then), drops the service centre's PostgreSQL schema and removes their temp files. */
  stop(): Promise<void>;
}

/** Where the subgraphs' processes keep their state in a run: backends shared with the stack. */
export interface SubgraphRunSettings {
  /** Each legacy mock's protocol URL, by department (`stack.mocks[name].url`). */
  mockUrls: Record<string, string>;
  /** The stack's trust environment of each subgraph (test/helpers/trust.ts `subgraphProcessEnv`). */
  trustEnv: (name: string) => Record<string, string>;
  /** Redis for the adapters' caches; absent: each process caches in its own memory. */
  redisUrl?: string;
  /** The cache keys' prefix of this run (CACHE_KEY_PREFIX). */
  cacheKeyPrefix: string;
  /** PostgreSQL of the service centre's store (with `serviceCenterPgSchema`); absent: SQLite. */
  databaseUrl?: string;
  serviceCenterPgSchema: string;
  serviceCenterSqlitePath: string;
}

/**
 * The legacy systems a subgraph's adapters call, each by the adapter's URL variable: its own
 * (`<PREFIX>_URL`, e.g. PUBLIC_SECURITY_URL; TAX_URL for tax: `sqlite:<file>` or the MariaDB wire
 * proxy, whichever the stack's tax mock serves), and for the service centre the certificate
 * library's (BIG_DATA_CENTER_URL: it reads and writes the library itself).
 */
export function legacyUrlEnv(name: string, mockUrls: Record<string, string>): Record<string, string> {
  const systems = name === 'service-center' ? ['big-data-center'] : mockUrls[name] ? [name] : [];
  return Object.fromEntries(systems.map((s) => [`${envPrefix(s)}_URL`, mockUrls[s]!]));
}

/**
 * The environment of one subgraph process over the bench's (runCompiled adds process.env, so
 * LEGACY_POLICY and the like pass through): port 0 (or the one it restarts on), info logs (the
 * `subgraph listening` line gives its URL), NODE_ENV=production, its legacy systems, the cache,
 * the stack's trust (context key, audit trail, purposes) and, for the service centre, its store.
 * Backends the stack does not use are set empty, so a variable of the bench's own environment
 * cannot send one process elsewhere.
 */
export function subgraphEnv(name: string, s: SubgraphRunSettings, port = 0): Record<string, string> {
  const databaseUrl = s.databaseUrl ?? '';
  return {
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    [`${envPrefix(name)}_PORT`]: String(port),
    REDIS_URL: s.redisUrl ?? '',
    CACHE_KEY_PREFIX: s.cacheKeyPrefix,
    DATABASE_URL: databaseUrl,
    ...legacyUrlEnv(name, s.mockUrls),
    ...s.trustEnv(name),
    ...(name === 'service-center'
      ? databaseUrl
        ? { SERVICE_CENTER_PG_SCHEMA: s.serviceCenterPgSchema }
        : { SERVICE_CENTER_SQLITE_PATH: s.serviceCenterSqlitePath }
      : {}),
  };
}

/**
 * Sums the samples of one metric in a Prometheus text exposition whose labels include every one of
 * `labels` (any value of the others: every operation and outcome, say).
 */
export function metricSum(text: string, metric: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let n = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(metric)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== metric) continue;
    const have = (m[2] ?? '').split(',');
    if (wanted.every((w) => have.includes(w))) n += Number(m[3]);
  }
  return n;
}

/** Sums `owdl_legacy_calls_total` of one department in a Prometheus text exposition (every operation and outcome). */
export function legacyCallsFromMetrics(text: string, department: string): number {
  return metricSum(text, 'owdl_legacy_calls_total', { department });
}

/** Seconds spent and how many there were, from a histogram's `_sum` and `_count`. */
export interface TimeSpent {
  seconds: number;
  count: number;
}

/** The Prometheus text of a process's `GET /metrics` (`url`: any URL of it, e.g. its /graphql). */
export async function metricsTextOf(name: string, url: string): Promise<string> {
  const res = await request(new URL('/metrics', url));
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${name} GET /metrics: HTTP ${res.statusCode}`);
  return text;
}

/** A subgraph process's time answering requests, waiting for its legacy system and recording its reads. */
export interface SubgraphTimeSpent {
  requests: TimeSpent;
  legacyCalls: TimeSpent;
  /** Its audit chain's appends, from the call to the commit (owdl_audit_append_duration_seconds). */
  auditAppends: TimeSpent;
  /** Its audit chain's transactions (owdl_audit_commit_duration_seconds). */
  auditCommits: TimeSpent;
  /** Records its transactions committed, and how many transactions committed records (owdl_audit_commit_records). */
  auditRecords: { records: number; commits: number };
}

/**
 * What one subgraph process spent answering the gateway (`owdl_graphql_request_duration_seconds`:
 * from a request's arrival to its answer, legacy calls, cache and audit included), waiting for
 * its legacy system (`owdl_legacy_call_duration_seconds`: each call's own time, not the wait for
 * a free call) and for its audit chain's commits (`owdl_audit_*`), from its /metrics text.
 */
export function timeSpentFromMetrics(text: string): SubgraphTimeSpent {
  const spent = (histogram: string) => ({
    seconds: metricSum(text, `${histogram}_sum`),
    count: metricSum(text, `${histogram}_count`),
  });
  return {
    requests: spent('owdl_graphql_request_duration_seconds'),
    legacyCalls: spent('owdl_legacy_call_duration_seconds'),
    auditAppends: spent('owdl_audit_append_duration_seconds'),
    auditCommits: spent('owdl_audit_commit_duration_seconds'),
    auditRecords: {
      records: metricSum(text, 'owdl_audit_commit_records_sum'),
      commits: metricSum(text, 'owdl_audit_commit_records_count'),
    },
  };
}

/** `a` + `sign` × `b`, figure by figure. */
function combine(a: SubgraphTimeSpent, b: SubgraphTimeSpent, sign: 1 | -1): SubgraphTimeSpent {
  const add = (x: TimeSpent, y: TimeSpent) => ({
    seconds: x.seconds + sign * y.seconds,
    count: x.count + sign * y.count,
  });
  return {
    requests: add(a.requests, b.requests),
    legacyCalls: add(a.legacyCalls, b.legacyCalls),
    auditAppends: add(a.auditAppends, b.auditAppends),
    auditCommits: add(a.auditCommits, b.auditCommits),
    auditRecords: {
      records: a.auditRecords.records + sign * b.auditRecords.records,
      commits: a.auditRecords.commits + sign * b.auditRecords.commits,
    },
  };
}

const NOTHING_SPENT: SubgraphTimeSpent = {
  requests: { seconds: 0, count: 0 },
  legacyCalls: { seconds: 0, count: 0 },
  auditAppends: { seconds: 0, count: 0 },
  auditCommits: { seconds: 0, count: 0 },
  auditRecords: { records: 0, commits: 0 },
};

/** `after` less `before`, by subgraph: what each spent between two readings. */
export function timeSpentBetween(
  before: Record<string, SubgraphTimeSpent>,
  after: Record<string, SubgraphTimeSpent>,
): Record<string, SubgraphTimeSpent> {
  return Object.fromEntries(
    Object.entries(after).map(([name, b]) => [name, combine(b, before[name] ?? NOTHING_SPENT, -1)]),
  );
}

/** What the subgraphs spent over several spans together (each a timeSpentBetween), by subgraph. */
export function timeSpentTotal(
  spans: Record<string, SubgraphTimeSpent>[],
): Record<string, SubgraphTimeSpent> {
  const total: Record<string, SubgraphTimeSpent> = {};
  for (const span of spans)
    for (const [name, spent] of Object.entries(span))
      total[name] = combine(total[name] ?? NOTHING_SPENT, spent, 1);
  return total;
}

/** The pino line a subgraph logs once it listens: `{..."url":"http://127.0.0.1:N/graphql","msg":"subgraph listening"}`. */
export const SUBGRAPH_LISTENING = /"url":"(http:\/\/[^"]+)","msg":"subgraph listening"/;

/**
 * Starts every subgraph of gateway/departments.ts as its own process, compiled (gateway-build.ts),
 * as production runs `node dist/subgraphs/<name>/index.js`, joined to the stack: its mocks, its
 * audit trail and keys, Redis (REDIS_URL, a fresh key prefix per call, so a run's first views are
 * cold) and PostgreSQL (DATABASE_URL, a fresh service-centre schema) when the stack has them, else
 * SQLite files in a temp folder. `--cpu-prof` profiles each as `<profilePrefix>-<name>`.
 */
export async function startSubgraphProcesses(
  stack: Stack,
  options: ScenarioOptions,
  profilePrefix: string,
): Promise<SubgraphProcesses> {
  await buildGateways();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'owdl-bench-subgraphs-'));
  const run = randomBytes(4).toString('hex');
  const trustEnv = stack.trust.subgraphProcessEnv;
  const settings: SubgraphRunSettings = {
    mockUrls: Object.fromEntries(Object.entries(stack.mocks).map(([name, m]) => [name, m.url])),
    trustEnv,
    redisUrl: process.env.REDIS_URL || undefined,
    cacheKeyPrefix: `owdl-bench:${run}:`,
    // The stack's database (its audit trail's), so every part of the run uses one.
    databaseUrl: stack.trust.gatewayProcessEnv.DATABASE_URL || undefined,
    serviceCenterPgSchema: `bench_service_center_${run}`,
    serviceCenterSqlitePath: path.join(tmp, 'service-center.sqlite'),
  };
  const incarnations: Record<string, number> = {};
  const start = (name: string, port = 0): Promise<SubgraphRun> => {
    const n = (incarnations[name] = (incarnations[name] ?? 0) + 1);
    const profile = `${profilePrefix}-${name}${n > 1 ? `-${n}` : ''}`;
    return runCompiled(
      `subgraphs/${name}/index`,
      [],
      subgraphEnv(name, settings, port),
      SUBGRAPH_LISTENING,
      [...cpuProfileArgs(options, profile), path.join(BUILD_DIR, 'dist', 'subgraphs', name, 'index.js')],
      logFileOf(options, profile),
    );
  };

  const names = SUBGRAPHS.map((s) => s.name);
  const started = await Promise.allSettled(names.map((name) => start(name)));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((r) => (r.status === 'fulfilled' ? stopProcess(r.value) : undefined)));
    rmSync(tmp, { recursive: true, force: true });
    throw failed.reason;
  }
  const processes: Record<string, SubgraphRun> = Object.fromEntries(
    names.map((name, i) => [name, (started[i] as PromiseFulfilledResult<SubgraphRun>).value]),
  );
  const urls = Object.fromEntries(names.map((name) => [name, processes[name]!.url]));
  /** A CPU figure of each subgraph over its incarnations: the stopped ones' (kept at restart) and the running one's. */
  const lifetime = (read: (pid: number) => number) => {
    const earlier: Record<string, number> = {};
    return {
      bySubgraph: () =>
        Object.fromEntries(
          names.map((name) => [name, (earlier[name] ?? 0) + read(processes[name]!.proc.pid!)]),
        ),
      keep: (name: string, pid: number) => (earlier[name] = (earlier[name] ?? 0) + read(pid)),
    };
  };
  const cpu = lifetime(processCpuMs);
  const mainThread = lifetime(mainThreadCpuMs);
  // The legacy calls restarted processes' earlier incarnations counted before they stopped.
  const earlierCalls: Record<string, number> = {};

  const metricsText = (name: string) => metricsTextOf(name, urls[name]!);
  const currentCalls = async (name: string) => legacyCallsFromMetrics(await metricsText(name), name);
  const total = (byName: Record<string, number>) => Object.values(byName).reduce((n, ms) => n + ms, 0);
  const cpuMsBySubgraph = cpu.bySubgraph;
  const cpuMs = () => total(cpu.bySubgraph());
  const mainThreadMs = () => total(mainThread.bySubgraph());

  return {
    urls,
    processes,
    cpuMs,
    cpuMsBySubgraph,
    cpuMeter() {
      const cpu0 = cpuMs();
      const main0 = mainThreadMs();
      const t0 = performance.now();
      return () => {
        const used = cpuMs() - cpu0;
        const wallMs = performance.now() - t0;
        return {
          cpuMs: used,
          wallMs,
          percent: (used / wallMs) * 100,
          offMainMs: used - (mainThreadMs() - main0),
        };
      };
    },
    peakRssMb: () => Object.values(processes).reduce((n, p) => n + peakRssMb(p.proc.pid!), 0),
    async legacyCalls(name) {
      if (!processes[name]) throw new Error(`no subgraph process ${name}`);
      return (earlierCalls[name] ?? 0) + (await currentCalls(name));
    },
    async timeSpent() {
      const texts = await Promise.all(names.map(metricsText));
      return Object.fromEntries(names.map((name, i) => [name, timeSpentFromMetrics(texts[i]!)]));
    },
    async restart(name) {
      const old = processes[name];
      if (!old) throw new Error(`no subgraph process ${name}`);
      earlierCalls[name] = (earlierCalls[name] ?? 0) + (await currentCalls(name));
      cpu.keep(name, old.proc.pid!);
      mainThread.keep(name, old.proc.pid!);
      await stopProcess(old);
      processes[name] = await start(name, Number(new URL(old.url).port));
    },
    async stop() {
      await Promise.all(Object.values(processes).map((p) => stopProcess(p)));
      if (settings.databaseUrl) await dropSchemas(settings.databaseUrl, [settings.serviceCenterPgSchema]);
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Legacy calls so far by system, for the scenarios' counts (take the difference of two readings).
 * The mocks count what reaches them (`stack.legacyRequests()`), wherever the subgraphs run; tax on
 * embedded SQLite has no wire to count on, and the stack then counts its in-process tax adapter's
 * queries, which subgraph processes leave idle: with them, the tax process's own count
 * (`owdl_legacy_calls_total` of its GET /metrics) stands in.
 */
export async function legacyCallsBySystem(
  stack: Stack,
  subgraphs: SubgraphProcesses | undefined,
): Promise<Record<string, number>> {
  const counts = stack.legacyRequests();
  if (subgraphs && stack.mocks.tax?.url.startsWith('sqlite:'))
    counts.tax = await subgraphs.legacyCalls('tax');
  return counts;
}

/** The column of the subgraph processes' CPU share off their main threads (V8's compiler and GC helpers, libuv's pool). */
export const OFF_MAIN_COLUMN =
  'subgraph processes CPU off the main thread (V8 compiler and GC, libuv pool) %';

/**
 * The CPU columns of a row besides the gateways': the subgraph processes' (sum over the nine, % of
 * one core and ms per request, and where measured the share of it off their main threads: V8
 * optimizing code it found hot, much of it in a process's first minutes, and marking its heap) and
 * the bench process's, named for what it then holds.
 */
export function subgraphCpuColumns(
  subgraphs: CpuSpan | undefined,
  benchProcess: CpuSpan,
  requests: number,
  per = 'request',
): Record<string, number> {
  if (!subgraphs)
    return { 'bench process (autocannon, mocks, subgraphs) CPU %': round(benchProcess.percent, 1) };
  return {
    'subgraph processes CPU %': round(subgraphs.percent, 1),
    [`subgraph processes CPU ms/${per}`]: round(subgraphs.cpuMs / requests, 3),
    ...(Number.isFinite(subgraphs.offMainMs)
      ? { [OFF_MAIN_COLUMN]: round((subgraphs.offMainMs! / subgraphs.cpuMs) * 100, 1) }
      : {}),
    'bench process (autocannon, mocks) CPU %': round(benchProcess.percent, 1),
  };
}

/**
 * A note of where the time went between two readings of `timeSpent()`: by subgraph, how many
 * requests it answered and their mean time, its legacy calls' count and mean time, and its audit
 * appends' count and mean time to their commit, with the commits' (the rest of a request's time
 * is its wait for a free legacy call, the cache, its CPU). `where` names the processes read.
 */
export function timeSpentNote(
  label: string,
  before: Record<string, SubgraphTimeSpent>,
  after: Record<string, SubgraphTimeSpent>,
  where = 'the subgraphs',
): string {
  const mean = (t: TimeSpent) => (t.count > 0 ? round((t.seconds / t.count) * 1000, 1) : 0);
  const parts = Object.entries(timeSpentBetween(before, after)).flatMap(([name, spent]) => {
    if (spent.requests.count === 0) return [];
    const { legacyCalls: calls, auditAppends: appends, auditCommits: commits } = spent;
    const legacy = calls.count > 0 ? `; ${calls.count} legacy calls, mean ${mean(calls)} ms` : '';
    const audit =
      appends.count > 0
        ? `; ${appends.count} audit appends, mean ${mean(appends)} ms to their commit (${commits.count} commits, ` +
          `mean ${mean(commits)} ms, ${round(spent.auditRecords.records / Math.max(1, spent.auditRecords.commits), 1)} records each)`
        : '';
    return [`${name} ${spent.requests.count} requests, mean ${mean(spent.requests)} ms${legacy}${audit}`];
  });
  return (
    `Time in ${where}, ${label} (their owdl_graphql_request_duration_seconds, ` +
    `owdl_legacy_call_duration_seconds and owdl_audit_*): ${parts.join(' · ')}.`
  );
}

/** Where the subgraphs ran, for the notes. */
export function subgraphRuntime(subgraphs: SubgraphProcesses | undefined): string {
  return subgraphs
    ? 'the nine subgraphs each in its own process (node dist/subgraphs/<name>/index.js, compiled, ' +
        'NODE_ENV=production, as production runs them)'
    : 'the nine subgraphs in the bench process (--in-process-subgraphs: one event loop with autocannon and the mocks)';
}
