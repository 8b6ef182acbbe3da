// npm run bench:faults [-- --seconds 8 --hang-seconds 18 --concurrency 8]
// The counter view under steady load: all healthy, then each legacy system hung in turn (its
// breaker closed at first, then open), with p50/p99/RPS/errors of each and the fast-fail overhead.
// policy.ts imports nothing that reads the environment, so it may come before the settings below.
import { LEGACY_SYSTEMS } from '../faults/policy';
process.env.LOG_LEVEL ??= 'error'; // partial results log a warning each; the figures are the output here
// Every view reaches the legacy systems (a 60 s cache would hide the hang); otherwise the product's defaults.
process.env.LEGACY_POLICY ??= JSON.stringify(
  Object.fromEntries(LEGACY_SYSTEMS.map((d) => [d, { cacheTtlMs: 1, staleIfErrorMs: 0 }])),
);
import { ERROR_CODES } from '../../adapters/kit/error-codes';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../gateway/context';
import { COUNTER_VIEW_ALL_DEPARTMENTS, COUNTER_VIEW_VARIABLES } from '../faults/counter-view';
import { startStack, type Stack } from '../helpers/stack';
import { REALISTIC_LATENCY_MS } from './latencies';
import { numberFlag, runLoad, summarize, table, type Sample } from './load';

const argv = process.argv.slice(2);
const HEALTHY_SECONDS = numberFlag(argv, 'seconds', 8);
// Longer than the breaker's rolling window (10 s) plus a timeout (3 s): the healthy traffic's successes
// must leave the window before the failures can outweigh them.
const HANG_SECONDS = numberFlag(argv, 'hang-seconds', 18);
const CONCURRENCY = numberFlag(argv, 'concurrency', 8);

/**
 * How a view met the hung system: it waited for the call to time out (the breaker was closed, or
 * this was its half-open probe), or the breaker failed it fast (open). Told by the error the view
 * got for that system, which is what its latency depends on (an in-process stack may hold two
 * adapters of one system, the big data center's own and the service centre's, so the breaker
 * registry by name cannot tell).
 */
function metHung(system: string, s: Sample): 'waited' | 'failed fast' | 'other' {
  const mine = s.codes.filter((_, i) => s.departments[i] === system);
  if (mine.includes('DEPARTMENT_TIMEOUT')) return 'waited';
  if (mine.includes('CIRCUIT_OPEN')) return 'failed fast';
  return 'other';
}

function progress(label: string, system?: string) {
  return (second: number, samples: Sample[]) => {
    const s = summarize(samples, 1);
    const split = system
      ? `, waited for a timeout ${samples.filter((x) => metHung(system, x) === 'waited').length}, failed fast ${samples.filter((x) => metHung(system, x) === 'failed fast').length}`
      : '';
    console.log(
      `  [${label}] ${second}s: ${s.requests} answered, p50 ${Math.round(s.p50)} ms, partial ${s.partial}, failed ${s.failed}${split}`,
    );
  };
}

/** Seconds from the first send to the last answer. */
function span(samples: Sample[]): number {
  if (!samples.length) return 0;
  return (Math.max(...samples.map((s) => s.at + s.ms)) - Math.min(...samples.map((s) => s.at))) / 1000;
}

async function untilHealthy(stack: Stack, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = await stack.query(COUNTER_VIEW_ALL_DEPARTMENTS, COUNTER_VIEW_VARIABLES);
    if (!r.body.errors) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the counter view did not heal within ${timeoutMs} ms`);
}

async function main(): Promise<void> {
  const mariadbUrl = process.env.MARIADB_URL;
  console.log(
    `bench:faults: ${CONCURRENCY} clients, healthy ${HEALTHY_SECONDS} s, each system hung ${HANG_SECONDS} s; ` +
      `mock latencies ${JSON.stringify(REALISTIC_LATENCY_MS)}; tax on ${mariadbUrl ? 'MariaDB' : 'embedded SQLite'}`,
  );
  const stack = await startStack({
    people: 200,
    mockLatencyMs: REALISTIC_LATENCY_MS,
    mariadbUrl,
    redisUrl: process.env.REDIS_URL,
  });
  // Every request as the test stack's window officer (token and purpose).
  const headers = await stack.authHeaders();
  const load = (seconds: number, label: string, system?: string) =>
    runLoad({
      url: stack.gateway.url,
      headers,
      query: COUNTER_VIEW_ALL_DEPARTMENTS,
      variables: COUNTER_VIEW_VARIABLES,
      concurrency: CONCURRENCY,
      durationMs: seconds * 1000,
      onSecond: progress(label, system),
    });
  const rows: (string | number)[][] = [];
  const unknownCodes = new Set<string>();
  const row = (scenario: string, samples: Sample[]) => {
    const s = summarize(samples, span(samples));
    for (const code of Object.keys(s.codes)) if (!(code in ERROR_CODES)) unknownCodes.add(code);
    const codes = Object.entries(s.codes)
      .map(([c, n]) => `${c}×${n}`)
      .join(' ');
    rows.push([scenario, s.requests, s.rps, s.p50, s.p99, s.max, s.partial, s.failed, codes || '-']);
    return s;
  };
  const overhead: (string | number)[][] = [];
  let worstP99 = 0;
  try {
    await untilHealthy(stack); // warm: pools connected, code paths compiled
    console.log('all healthy');
    const healthy = row('all healthy', await load(HEALTHY_SECONDS, 'healthy'));
    worstP99 = healthy.p99;
    for (const system of LEGACY_SYSTEMS) {
      if (system === 'tax' && !mariadbUrl) {
        rows.push([`tax hung: not run on embedded SQLite (set MARIADB_URL)`, '', '', '', '', '', '', '', '']);
        continue;
      }
      console.log(`${system} hung`);
      stack.mocks[system]!.controller.set({ hang: true });
      const samples = await load(HANG_SECONDS, `${system} hung`, system);
      stack.mocks[system]!.controller.clear();
      const closed = row(
        `${system} hung, breaker closed (waited)`,
        samples.filter((s) => metHung(system, s) === 'waited'),
      );
      const open = row(
        `${system} hung, breaker open (failed fast)`,
        samples.filter((s) => metHung(system, s) === 'failed fast'),
      );
      const other = samples.filter((s) => metHung(system, s) === 'other');
      if (other.length) row(`${system} hung, neither (check!)`, other);
      worstP99 = Math.max(worstP99, closed.p99 || 0, open.p99 || 0);
      if (open.requests) overhead.push([system, open.p50, healthy.p50, open.p50 - healthy.p50]);
      else overhead.push([system, '-', healthy.p50, 'breaker never opened']);
      console.log(`  healing ${system} (its breaker closes on the next half-open probe)`);
      await untilHealthy(stack);
    }
  } finally {
    await stack.close();
  }
  console.log('\nThe counter view under steady load (latencies in ms)\n');
  console.log(
    table(['scenario', 'requests', 'RPS', 'p50', 'p99', 'max', 'partial', 'failed', 'error codes'], rows),
  );
  console.log('\nFast-fail overhead once the breaker is open (p50 open − p50 healthy, ms)\n');
  console.log(table(['system hung', 'p50 open', 'p50 healthy', 'overhead'], overhead));
  const deadline = DEFAULT_REQUEST_TIMEOUT_MS;
  const measured = overhead.filter((r) => typeof r[3] === 'number');
  const neverOpened = overhead.filter((r) => typeof r[3] !== 'number').map((r) => r[0]);
  const worstOverhead = Math.max(...measured.map((r) => r[3] as number));
  console.log(
    `\nGoal: p99 within the request deadline (${deadline} ms) in every scenario: ${worstP99 < deadline ? 'met' : 'NOT met'} (worst p99 ${Math.round(worstP99)} ms).`,
  );
  console.log(
    `Goal: once open, no slower than healthy + 20 ms: ${worstOverhead <= 20 ? 'met' : 'NOT met'} where the breaker opened (worst ${worstOverhead.toFixed(1)} ms)` +
      (neverOpened.length
        ? `; not measurable for ${neverOpened.join(', ')}: the breaker never opened.`
        : '.'),
  );
  if (unknownCodes.size) console.log(`Codes outside the registry: ${[...unknownCodes].join(', ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
