import {
  byCallCount,
  byInterval,
  callsByService,
  loggedRequests,
  requestTimelines,
  summarizeTimelines,
  timelineText,
} from './request-timelines';

/** A telemetry plugin's `graphql request` line, as pino writes it. */
const line = (
  service: string,
  traceId: string,
  operation: string,
  time: number,
  ms: number,
  codes?: string[],
) =>
  JSON.stringify({
    level: codes ? 40 : 30,
    time,
    service,
    traceId,
    operation,
    outcome: codes ? 'error' : 'ok',
    ms,
    ...(codes ? { codes } : {}),
    msg: 'graphql request',
  });

const GATEWAY_LOG = [
  '{"level":30,"time":900,"msg":"gateway listening"}',
  line('gateway', 'a', 'CounterView', 1_100, 100), // 1000..1100
  line('gateway', 'b', 'CounterView', 1_260, 60), // 1200..1260
  line('gateway', 'c', 'Health', 1_300, 2), // no subgraph call
  '{"level":30,"time":1301,"service":"gateway","traceId":"d","ms":3,"msg":"graph', // cut short
].join('\n');

const SUBGRAPH_LOG = [
  line('public-security', 'a', 'CounterView__public_security__0', 1_040, 30), // 10..40
  line('market-supervision', 'a', 'CounterView__market_supervision__2', 1_050, 38, ['SUBJECTS_INCOMPLETE']), // 12..50
  line('market-supervision', 'a', 'AccessCheckCompanies', 1_060, 8), // 52..60
  line('tax', 'a', 'CounterView__tax__4', 1_090, 20), // 70..90
  line('public-security', 'b', 'CounterView__public_security__0', 1_230, 10), // 20..30
  line('public-security', 'plain-1', 'CounterView__public_security__0', 1_240, 15), // no gateway request of ours
  'not json at all',
].join('\n');

describe('request timelines from the bench logs', () => {
  const logged = [...loggedRequests(GATEWAY_LOG), ...loggedRequests(SUBGRAPH_LOG)];
  const timelines = requestTimelines(logged);

  it('reads every graphql request line and passes over the rest and lines cut short', () => {
    expect(logged).toHaveLength(9);
    expect(logged[4]).toEqual({
      service: 'market-supervision',
      operation: 'CounterView__market_supervision__2',
      traceId: 'a',
      endMs: 1_050,
      ms: 38,
      codes: ['SUBJECTS_INCOMPLETE'],
    });
  });

  it("puts each gateway request's subgraph calls on its time line, and leaves out calls no request of it made", () => {
    expect(timelines.map((t) => [t.traceId, t.startMs, t.ms, t.calls.length])).toEqual([
      ['a', 1_000, 100, 4],
      ['b', 1_200, 60, 1],
      ['c', 1_298, 2, 0],
    ]);
    const a = timelines[0]!;
    expect(a.calls.map((c) => [c.service, c.from, c.to])).toEqual([
      ['public-security', 10, 40],
      ['market-supervision', 12, 50],
      ['market-supervision', 52, 60],
      ['tax', 70, 90],
    ]);
    expect([a.beforeFirstCall, a.afterLastCall]).toEqual([10, 10]);
    expect([timelines[1]!.beforeFirstCall, timelines[1]!.afterLastCall]).toEqual([20, 30]);
    expect(timelines[2]!.beforeFirstCall).toBeNaN();
  });

  it('sums up the requests, by how many calls they made and by subgraph', () => {
    expect(summarizeTimelines(timelines.slice(0, 2))).toEqual({
      requests: 2,
      p50: 60,
      p99: 100,
      beforeFirstCallP50: 10,
      beforeFirstCallP99: 20,
      afterLastCallP50: 10,
      afterLastCallP99: 30,
    });
    // A request without calls has no before and after: its NaNs are left out.
    expect(summarizeTimelines(timelines).beforeFirstCallP50).toBe(10);
    expect(byCallCount(timelines).map(([n, ts]) => [n, ts.map((t) => t.traceId)])).toEqual([
      [0, ['c']],
      [1, ['b']],
      [4, ['a']],
    ]);
    expect(callsByService(timelines)).toEqual([
      { service: 'market-supervision', calls: 2, p50: 8, p99: 38 },
      { service: 'public-security', calls: 2, p50: 10, p99: 30 },
      { service: 'tax', calls: 1, p50: 20, p99: 20 },
    ]);
  });

  it('groups the requests by when they started', () => {
    expect(byInterval(timelines, 1_000, 0.25)).toEqual([
      { from: 0, requests: 2, p50: 60, p99: 100, max: 100 },
      { from: 0.25, requests: 1, p50: 2, p99: 2, max: 2 },
    ]);
    expect(byInterval(timelines, 900, 0.1).map((i) => [i.from, i.requests])).toEqual([
      [0.1, 1],
      [0.3, 2], // 300 and 398 ms after 900: whole ms, no float drift at the edge
    ]);
  });

  it('prints one request call by call', () => {
    expect(timelineText(timelines[0]!, 500)).toBe(
      [
        'CounterView 100 ms, started at 0.500 s, trace a, 4 subgraph calls',
        '      10 ..    40  public-security     CounterView__public_security__0',
        '      12 ..    50  market-supervision  CounterView__market_supervision__2  SUBJECTS_INCOMPLETE',
        '      52 ..    60  market-supervision  AccessCheckCompanies',
        '      70 ..    90  tax                 CounterView__tax__4',
      ].join('\n'),
    );
  });
});
