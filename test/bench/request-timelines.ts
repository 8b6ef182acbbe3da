import { percentiles } from './autocannon-run';

/**
 * One GraphQL request as a process logged it (the telemetry plugin's `graphql request` line):
 * which service, which operation, its trace id, when it ended (the line's `time`, ms since the
 * epoch) and how long it took.
 */
export interface LoggedRequest {
  service: string;
  operation: string;
  traceId: string;
  endMs: number;
  ms: number;
  codes: string[];
}

/** The `graphql request` lines of some log text (pino JSON lines); every other line is passed over. */
export function loggedRequests(text: string): LoggedRequest[] {
  const found: LoggedRequest[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('"graphql request"')) continue;
    let j: Record<string, unknown>;
    try {
      j = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a line cut short (a process killed mid-write)
    }
    if (j.msg !== 'graphql request' || typeof j.traceId !== 'string' || typeof j.service !== 'string')
      continue;
    if (typeof j.time !== 'number' || typeof j.ms !== 'number') continue;
    found.push({
      service: j.service,
      operation: typeof j.operation === 'string' ? j.operation : 'anonymous',
      traceId: j.traceId,
      endMs: j.time,
      ms: j.ms,
      codes: Array.isArray(j.codes) ? j.codes.map(String) : [],
    });
  }
  return found;
}

/** A subgraph call of a gateway request, in ms from the gateway request's start. */
export interface TimelineCall {
  service: string;
  operation: string;
  from: number;
  to: number;
  codes: string[];
}

/** A gateway request with the subgraph calls that carried its trace id. */
export interface RequestTimeline {
  operation: string;
  traceId: string;
  /** When it started, ms since the epoch. */
  startMs: number;
  ms: number;
  calls: TimelineCall[];
  /** From its start to the start of its first subgraph call, in ms; NaN without calls. */
  beforeFirstCall: number;
  /** From the end of its last subgraph call to its own end, in ms; NaN without calls. */
  afterLastCall: number;
}

/**
 * The gateway's requests (service `gateway`), each with the subgraph calls logged under its trace
 * id (its access-check look-ups included), timed from its start. A line gives when a request
 * ended and how long it took, so starts are `end − ms` (to the ms the lines round to). Calls whose
 * trace id no gateway request has (another gateway's: the plain one of the overhead bench) are
 * left out. In the order the requests started.
 */
export function requestTimelines(requests: readonly LoggedRequest[]): RequestTimeline[] {
  const calls = new Map<string, LoggedRequest[]>();
  for (const r of requests) {
    if (r.service === 'gateway') continue;
    const list = calls.get(r.traceId);
    if (list) list.push(r);
    else calls.set(r.traceId, [r]);
  }
  return requests
    .filter((r) => r.service === 'gateway')
    .map((g) => {
      const startMs = g.endMs - g.ms;
      const own = (calls.get(g.traceId) ?? [])
        .map((c) => ({
          service: c.service,
          operation: c.operation,
          from: c.endMs - c.ms - startMs,
          to: c.endMs - startMs,
          codes: c.codes,
        }))
        .sort((a, b) => a.from - b.from || a.to - b.to);
      return {
        operation: g.operation,
        traceId: g.traceId,
        startMs,
        ms: g.ms,
        calls: own,
        beforeFirstCall: own.length ? Math.min(...own.map((c) => c.from)) : NaN,
        afterLastCall: own.length ? g.ms - Math.max(...own.map((c) => c.to)) : NaN,
      };
    })
    .sort((a, b) => a.startMs - b.startMs);
}

/** p50 and p99 of some figures, NaNs left out. */
const p50p99 = (values: number[]) =>
  percentiles(
    values.filter((v) => !Number.isNaN(v)),
    [50, 99],
  ) as [number, number];

/** Figures of some gateway requests: their time, and how much of it came before and after their subgraph calls. */
export interface TimelineSummary {
  requests: number;
  p50: number;
  p99: number;
  beforeFirstCallP50: number;
  beforeFirstCallP99: number;
  afterLastCallP50: number;
  afterLastCallP99: number;
}

export function summarizeTimelines(timelines: readonly RequestTimeline[]): TimelineSummary {
  const [p50, p99] = p50p99(timelines.map((t) => t.ms));
  const [beforeFirstCallP50, beforeFirstCallP99] = p50p99(timelines.map((t) => t.beforeFirstCall));
  const [afterLastCallP50, afterLastCallP99] = p50p99(timelines.map((t) => t.afterLastCall));
  return {
    requests: timelines.length,
    p50,
    p99,
    beforeFirstCallP50,
    beforeFirstCallP99,
    afterLastCallP50,
    afterLastCallP99,
  };
}

/**
 * The requests by how many subgraph calls they made, fewest first: what their data needed (a
 * counter view of someone who represents a company needs a second round of calls for the
 * companies) and what their access checks added (look-ups, a call asked again on the whole
 * subject set).
 */
export function byCallCount(timelines: readonly RequestTimeline[]): [number, RequestTimeline[]][] {
  const groups = new Map<number, RequestTimeline[]>();
  for (const t of timelines) groups.set(t.calls.length, [...(groups.get(t.calls.length) ?? []), t]);
  return [...groups].sort((a, b) => a[0] - b[0]);
}

/**
 * The requests by when they started, in intervals of `seconds` from `firstStartMs`: how many, and
 * p50, p99 and the longest of their time. Shows a run's phases (a warm-up, turns) and its stalls.
 */
export function byInterval(
  timelines: readonly RequestTimeline[],
  firstStartMs: number,
  seconds: number,
): { from: number; requests: number; p50: number; p99: number; max: number }[] {
  const groups = new Map<number, number[]>();
  for (const t of timelines) {
    const k = Math.floor((t.startMs - firstStartMs) / (seconds * 1000));
    groups.set(k, [...(groups.get(k) ?? []), t.ms]);
  }
  return [...groups]
    .sort((a, b) => a[0] - b[0])
    .map(([k, ms]) => {
      const [p50, p99] = p50p99(ms);
      return {
        from: Math.round(k * seconds * 1000) / 1000,
        requests: ms.length,
        p50,
        p99,
        max: Math.max(...ms),
      };
    });
}

/** Each subgraph's calls among some requests: how many, and p50 and p99 of their time. */
export function callsByService(
  timelines: readonly RequestTimeline[],
): { service: string; calls: number; p50: number; p99: number }[] {
  const times = new Map<string, number[]>();
  for (const t of timelines)
    for (const c of t.calls) times.set(c.service, [...(times.get(c.service) ?? []), c.to - c.from]);
  return [...times]
    .map(([service, ms]) => {
      const [p50, p99] = p50p99(ms);
      return { service, calls: ms.length, p50, p99 };
    })
    .sort((a, b) => a.service.localeCompare(b.service));
}

/** One request's timeline as text: a heading, then a line per call (`from..to service operation codes`). */
export function timelineText(t: RequestTimeline, firstStartMs: number): string {
  const head = `${t.operation} ${t.ms} ms, started at ${((t.startMs - firstStartMs) / 1000).toFixed(3)} s, trace ${t.traceId}, ${t.calls.length} subgraph call${t.calls.length === 1 ? '' : 's'}`;
  const width = Math.max(0, ...t.calls.map((c) => c.service.length));
  const lines = t.calls.map(
    (c) =>
      `  ${String(c.from).padStart(6)} ..${String(c.to).padStart(6)}  ${c.service.padEnd(width)}  ${c.operation}${c.codes.length ? `  ${c.codes.join(',')}` : ''}`,
  );
  return [head, ...lines].join('\n');
}
