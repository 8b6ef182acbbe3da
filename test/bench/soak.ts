// npm run soak [-- --seconds 300 --concurrency 6]
// A chaos soak: counter views for many people under steady load while random faults are switched on
// and off on random legacy systems. At the end it checks that every error was a typed one from the
// registry, that no sockets or timers leaked and that the heap stayed flat; exits 1 if not.
process.env.LOG_LEVEL ??= 'error';
// Short timeouts and breaker cycles so five minutes see many openings and closings; a cache and a
// stale-if-error window short enough that faults show as typed errors as well as stale serves.
process.env.LEGACY_POLICY ??= JSON.stringify(
  Object.fromEntries(
    [
      'public-security',
      'market-supervision',
      'health',
      'housing',
      'tax',
      'human-resources',
      'big-data-center',
    ].map((d) => [
      d,
      {
        timeoutMs: 800,
        breaker: { rollingWindowMs: 5_000, resetTimeoutMs: 2_000 },
        cacheTtlMs: 1_000,
        staleIfErrorMs: 2_000,
      },
    ]),
  ),
);
import v8 from 'node:v8';
import vm from 'node:vm';
import { ERROR_CODES } from '../../adapters/kit/error-codes';
import { GOLDEN } from '../../mocks/data/golden';
import { bulkPersonId } from '../../mocks/data/generator';
import type { Faults } from '../../mocks/kit/faults';
import { COUNTER_VIEW_ALL_DEPARTMENTS } from '../faults/counter-view';
import { LEGACY_SYSTEMS, type LegacySystem } from '../faults/policy';
import { startStack, type Stack } from '../helpers/stack';
import { REALISTIC_LATENCY_MS } from './latencies';
import { numberFlag, runLoad, summarize, table, type Sample } from './load';

const argv = process.argv.slice(2);
const SECONDS = numberFlag(argv, 'seconds', 300);
const CONCURRENCY = numberFlag(argv, 'concurrency', 6);
/** The gateway's deadline for one request in the soak, in ms. */
const REQUEST_TIMEOUT_MS = 3_000;
/** Healthy load before the first and after the last measurement of resources, in s. */
const SETTLE_SECONDS = 5;

/** A full garbage collection, when the runtime lets us have one (it does after --expose-gc). */
function collector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}
const gc = collector();

function heapMb(): number {
  gc?.();
  return (gc ? process.memoryUsage().heapUsed : process.memoryUsage().rss) / 1024 / 1024;
}

/** Live handles of the process by kind (TCPSocketWrap, TCPServerWrap, Timeout...). */
function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

const PEOPLE = [
  GOLDEN.zhangWei,
  GOLDEN.liNa,
  GOLDEN.chanKaMing,
  GOLDEN.zhangXiaoyu,
  GOLDEN.wangQiang,
  GOLDEN.foreigner,
  GOLDEN.zhouYan,
  ...Array.from({ length: 100 }, (_, i) => bulkPersonId(i)),
];

/** The faults the chaos picks from. Embedded SQLite (tax without MARIADB_URL) can only be locked. */
function faultsFor(system: LegacySystem, mariadb: boolean): Faults[] {
  if (system === 'tax' && !mariadb) return [{ hang: true }, { maintenanceRetryAfter: 30 }];
  return [
    { refuse: true },
    { hang: true },
    { latencyMs: 1_200 },
    { errorRate: 0.5, seed: Math.floor(Math.random() * 1_000) },
    { garbage: true },
    { rateLimitPerSecond: 2 },
    { maintenanceRetryAfter: 30 },
  ];
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Switches a random fault on a random healthy system every 1-3 s, for 1-5 s; at most two at once.
 * Returns a function that stops the chaos and heals everything.
 */
function chaos(stack: Stack, mariadb: boolean, log: string[]): () => Promise<void> {
  const active = new Map<LegacySystem, NodeJS.Timeout>();
  let stopped = false;
  let next: NodeJS.Timeout;
  const round = () => {
    if (stopped) return;
    const healthy = LEGACY_SYSTEMS.filter((s) => !active.has(s));
    if (active.size < 2 && healthy.length) {
      const system = pick(healthy);
      const fault = pick(faultsFor(system, mariadb));
      const forMs = 1_000 + Math.floor(Math.random() * 4_000);
      stack.mocks[system]!.controller.set(fault);
      log.push(`${system} ${JSON.stringify(fault)} for ${forMs} ms`);
      active.set(
        system,
        setTimeout(() => {
          stack.mocks[system]!.controller.clear();
          active.delete(system);
        }, forMs),
      );
    }
    next = setTimeout(round, 1_000 + Math.floor(Math.random() * 2_000));
  };
  next = setTimeout(round, 500);
  return async () => {
    stopped = true;
    clearTimeout(next);
    for (const [system, timer] of active) {
      clearTimeout(timer);
      stack.mocks[system]!.controller.clear();
    }
    active.clear();
  };
}

async function main(): Promise<number> {
  const mariadbUrl = process.env.MARIADB_URL;
  console.log(
    `soak: ${SECONDS} s of chaos, ${CONCURRENCY} clients, ${PEOPLE.length} people; tax on ${mariadbUrl ? 'MariaDB' : 'embedded SQLite'}; ` +
      `heap measured ${gc ? 'after full GCs' : 'as RSS (no GC available)'}`,
  );
  const stack = await startStack({
    people: 100,
    mockLatencyMs: REALISTIC_LATENCY_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    mariadbUrl,
    redisUrl: process.env.REDIS_URL,
    // A locked SQLite file blocks the whole in-process stack for the busy timeout: keep it short.
    tax: { busyTimeoutMs: 200 },
  });
  const failures: string[] = [];
  try {
    // Every request as the test stack's window officer (token and purpose).
    const headers = await stack.authHeaders();
    const variables = () => ({ id: pick(PEOPLE) });
    const load = (seconds: number, onSecond?: (second: number, samples: Sample[]) => void) =>
      runLoad({
        url: stack.gateway.url,
        headers,
        query: COUNTER_VIEW_ALL_DEPARTMENTS,
        variables,
        concurrency: CONCURRENCY,
        durationMs: seconds * 1000,
        onSecond,
      });

    // Warm: pools at their working size, code compiled; then the baseline of resources and heap.
    await load(SETTLE_SECONDS);
    await sleep(1_000);
    const before = resources();
    const heap: { at: number; mb: number }[] = [{ at: 0, mb: heapMb() }];

    const log: string[] = [];
    const stopChaos = chaos(stack, Boolean(mariadbUrl), log);
    let window: Sample[] = [];
    const samples = await load(SECONDS, (second, latest) => {
      window.push(...latest);
      if (second % 5 !== 0) return;
      const s = summarize(window, 5);
      const faults = Object.entries(stack.mocks)
        .filter(([, m]) => Object.keys(m.controller.current).length)
        .map(([name, m]) => `${name} ${JSON.stringify(m.controller.current)}`);
      heap.push({ at: second, mb: heapMb() });
      console.log(
        `  ${second}s: ${s.rps.toFixed(1)} views/s, p50 ${Math.round(s.p50)} ms, p99 ${Math.round(s.p99)} ms, ` +
          `partial ${s.partial}, failed ${s.failed}, heap ${heap[heap.length - 1]!.mb.toFixed(1)} MB; faults: ${faults.join('; ') || 'none'}`,
      );
      window = [];
    });
    await stopChaos();

    // Heal: breakers close on their next probe; then the same healthy load as before the baseline.
    await sleep(3_000);
    await load(SETTLE_SECONDS);
    await sleep(1_000);
    const after = resources();
    heap.push({ at: SECONDS + SETTLE_SECONDS, mb: heapMb() });

    const all = summarize(samples, SECONDS);
    console.log(`\n${log.length} faults switched on and off:\n  ${log.join('\n  ')}`);
    console.log(`${all.requests} views, ${all.rps.toFixed(1)}/s`);
    console.log(
      table(
        ['error code', 'count'],
        Object.entries(all.codes).sort(([, a], [, b]) => b - a),
      ),
    );

    // 1. Only typed errors: registry codes, never INTERNAL, never a failed HTTP exchange.
    const untyped = Object.keys(all.codes).filter((c) => !(c in ERROR_CODES) || c === 'INTERNAL');
    if (untyped.length) failures.push(`errors outside the registry (or INTERNAL): ${untyped.join(', ')}`);
    if (all.failed) failures.push(`${all.failed} requests without an HTTP 200 answer`);
    if (all.p99 > REQUEST_TIMEOUT_MS + 250)
      failures.push(`p99 ${Math.round(all.p99)} ms beyond the deadline (${REQUEST_TIMEOUT_MS} ms)`);

    // 2. No leaked sockets or timers: after the same healthy load, no more than before (pools may
    // hold a few more idle keep-alive connections than they did; a leak grows with the run).
    const kinds = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    console.log('\nprocess resources before and after the chaos (after the same healthy load)');
    console.log(
      table(
        ['resource', 'before', 'after'],
        kinds.map((k) => [k, before[k] ?? 0, after[k] ?? 0]),
      ),
    );
    const slack = (k: string) => Math.max(8, Math.ceil((before[k] ?? 0) * 0.25));
    for (const k of ['TCPSocketWrap', 'TCPServerWrap', 'Timeout', 'Immediate', 'FSReqCallback']) {
      if ((after[k] ?? 0) > (before[k] ?? 0) + slack(k))
        failures.push(`${k}: ${before[k] ?? 0} before, ${after[k] ?? 0} after`);
    }

    // 3. Heap roughly flat: the last third of the samples against the first third.
    const third = Math.max(1, Math.floor(heap.length / 3));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const early = median(heap.slice(0, third).map((h) => h.mb));
    const late = median(heap.slice(-third).map((h) => h.mb));
    console.log(
      `\nheap (${gc ? 'heapUsed after GC' : 'RSS'}): first third ${early.toFixed(1)} MB, last third ${late.toFixed(1)} MB; ` +
        `samples ${heap.map((h) => h.mb.toFixed(0)).join(' ')}`,
    );
    if (late > early * 1.25 && late - early > 10)
      failures.push(`heap grew from ${early.toFixed(1)} MB to ${late.toFixed(1)} MB`);
  } finally {
    await stack.close();
  }
  if (failures.length) {
    console.log(`\nSOAK FAILED:\n- ${failures.join('\n- ')}`);
    return 1;
  }
  console.log('\nsoak passed: only typed errors, no leaked sockets or timers, heap flat');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
