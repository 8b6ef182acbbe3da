import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { countAnswer, emptyRun, showProgress, type LoadRequest, type LoadRun } from './autocannon-run';

export interface PacedRunOptions {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** Requests a second, sent at even intervals whether or not the earlier ones were answered. */
  rate: number;
  seconds: number;
  /** Most connections open at once; a request due while all are busy waits for one (and that wait counts). */
  connections: number;
  /** Gives each request as it is about to be sent. */
  next: () => LoadRequest;
  /** Names the run in the progress lines (stderr, once a second). */
  label: string;
  /** Seconds before a request counts as failed. @default 10 */
  timeoutSec?: number;
}

/** A paced run: a LoadRun, and how late each request left against when it was due, in ms (the load tool's own delay). */
export type PacedRun = LoadRun & { sendLateMs: number[] };

/**
 * An open loop: `rate` requests a second at even intervals for `seconds`, each timed from the
 * moment it was due, not from when a connection was free to send it, so a server that falls
 * behind shows in the latencies instead of slowing the load down (a closed loop's requests wait
 * for their answers, which hides it). What a gate sees at a given rate below the saturation
 * autocannon's closed loop measures. (autocannon's own `overallRate` sends each second's quota
 * in a burst at the start of the second.)
 */
export async function runPaced(options: PacedRunOptions): Promise<PacedRun> {
  const url = new URL(options.url);
  const timeoutMs = (options.timeoutSec ?? 10) * 1000;
  const pool = new Pool(url.origin, {
    connections: options.connections,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const run: PacedRun = { ...emptyRun(), sendLateMs: [] };
  const total = Math.round(options.rate * options.seconds);
  const intervalMs = 1000 / options.rate;
  const start = performance.now();
  let lastAnswer = start;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const send = (dueAt: number) => {
    run.sendLateMs.push(performance.now() - dueAt);
    const r = options.next();
    const done = pool
      .request({
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...r.headers },
        body: r.body,
      })
      .then(async (res) => {
        const body = await res.body.text();
        lastAnswer = performance.now();
        run.requests++;
        run.latenciesMs.push(lastAnswer - dueAt);
        run.tags.push(r.tag);
        countAnswer(run, res.statusCode, body);
      })
      .catch(() => {
        run.failed++;
        run.codes['no answer'] = (run.codes['no answer'] ?? 0) + 1;
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  const stopProgress = showProgress(run, options.label);
  try {
    // Send what has come due, then sleep until the next is due (at least 1 ms: no spinning beside
    // the servers measured; timers fire a little late, and what came due meanwhile leaves on the
    // next turn, its lateness kept).
    while (sent < total) {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      for (; sent < due; sent++) send(start + sent * intervalMs);
      const wait = start + sent * intervalMs - performance.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, wait)));
    }
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  } finally {
    stopProgress();
    await pool.close();
  }
  run.durationSec = (lastAnswer - start) / 1000;
  return run;
}
