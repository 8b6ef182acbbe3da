import { Writable } from 'node:stream';
import pino from 'pino';
import { SUBGRAPHS } from '../../gateway/departments';
import { subgraphUrlEnv } from './gateway-processes';
import {
  legacyCallsFromMetrics,
  metricSum,
  timeSpentBetween,
  timeSpentFromMetrics,
  timeSpentTotal,
  timeSpentNote,
  legacyUrlEnv,
  SUBGRAPH_LISTENING,
  OFF_MAIN_COLUMN,
  subgraphCpuColumns,
  subgraphEnv,
  type SubgraphRunSettings,
} from './subgraph-processes';

const mockUrls = {
  'public-security': 'http://127.0.0.1:5001',
  'market-supervision': 'http://127.0.0.1:5002',
  health: 'http://127.0.0.1:5003',
  housing: 'tcp://127.0.0.1:5004',
  tax: 'sqlite:/tmp/x/tax.sqlite',
  'human-resources': 'http://127.0.0.1:5006',
  'big-data-center': 'http://127.0.0.1:5007',
};
const settings: SubgraphRunSettings = {
  mockUrls,
  trustEnv: (name) => ({
    CONTEXT_VERIFY_KEYS_FILE: `/k/context.${name}.jwks.json`,
    AUDIT_SQLITE_PATH: '/k/audit.sqlite',
  }),
  cacheKeyPrefix: 'owdl-bench:ab12:',
  serviceCenterPgSchema: 'bench_service_center_ab12',
  serviceCenterSqlitePath: '/t/service-center.sqlite',
};

describe('subgraph process environment', () => {
  it("gives each adapter its own legacy system's URL variable, and the service centre the library's", () => {
    expect(legacyUrlEnv('public-security', mockUrls)).toEqual({
      PUBLIC_SECURITY_URL: 'http://127.0.0.1:5001',
    });
    expect(legacyUrlEnv('tax', mockUrls)).toEqual({ TAX_URL: 'sqlite:/tmp/x/tax.sqlite' });
    expect(legacyUrlEnv('housing', mockUrls)).toEqual({ HOUSING_URL: 'tcp://127.0.0.1:5004' });
    expect(legacyUrlEnv('service-center', mockUrls)).toEqual({
      BIG_DATA_CENTER_URL: 'http://127.0.0.1:5007',
    });
    expect(legacyUrlEnv('audit', mockUrls)).toEqual({});
    // Every department with a mock gets its URL.
    for (const s of SUBGRAPHS.filter((x) => x.mock))
      expect(Object.values(legacyUrlEnv(s.name, mockUrls))).toEqual([
        mockUrls[s.name as keyof typeof mockUrls],
      ]);
  });

  it('listens on port 0 with info logs in production, on the stack’s trust, cache prefix and no stray backend', () => {
    expect(subgraphEnv('health', settings)).toEqual({
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      HEALTH_PORT: '0',
      REDIS_URL: '',
      CACHE_KEY_PREFIX: 'owdl-bench:ab12:',
      DATABASE_URL: '',
      HEALTH_URL: 'http://127.0.0.1:5003',
      CONTEXT_VERIFY_KEYS_FILE: '/k/context.health.jwks.json',
      AUDIT_SQLITE_PATH: '/k/audit.sqlite',
    });
    expect(subgraphEnv('public-security', settings, 41234).PUBLIC_SECURITY_PORT).toBe('41234');
  });

  it("puts the service centre's store in SQLite, or in its own PostgreSQL schema with a database", () => {
    expect(subgraphEnv('service-center', settings)).toMatchObject({
      SERVICE_CENTER_SQLITE_PATH: '/t/service-center.sqlite',
      DATABASE_URL: '',
    });
    const pg = subgraphEnv('service-center', {
      ...settings,
      redisUrl: 'redis://127.0.0.1:6379',
      databaseUrl: 'postgres://db/test',
    });
    expect(pg).toMatchObject({
      DATABASE_URL: 'postgres://db/test',
      SERVICE_CENTER_PG_SCHEMA: 'bench_service_center_ab12',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(pg.SERVICE_CENTER_SQLITE_PATH).toBeUndefined();
  });

  it('gives the gateways <NAME>_SUBGRAPH_URL for each subgraph process, refusing unknown names', () => {
    expect(subgraphUrlEnv({ 'public-security': 'http://127.0.0.1:1/graphql' })).toEqual({
      PUBLIC_SECURITY_SUBGRAPH_URL: 'http://127.0.0.1:1/graphql',
    });
    expect(subgraphUrlEnv()).toEqual({});
    expect(() => subgraphUrlEnv({ nowhere: 'http://x' })).toThrow('no subgraph nowhere');
  });
});

describe('reading subgraph processes', () => {
  it("finds the URL in the subgraph's 'subgraph listening' log line, as its pino logger writes it", async () => {
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    // The logger of adapters/kit/logger.ts (no SERVICE_NAME) and the call of subgraphs/kit/main.ts.
    const logger = pino({ level: 'info', base: { service: undefined } }, sink);
    logger.info({ subgraph: 'health', url: 'http://127.0.0.1:40123/graphql' }, 'subgraph listening');
    await new Promise((r) => setImmediate(r));
    expect(SUBGRAPH_LISTENING.exec(out)?.[1]).toBe('http://127.0.0.1:40123/graphql');
  });

  it("sums one department's legacy calls over operations and outcomes from a /metrics text", () => {
    const text = [
      '# HELP owdl_legacy_calls_total Calls to legacy systems, by department, operation and outcome (ok, or the error code).',
      '# TYPE owdl_legacy_calls_total counter',
      'owdl_legacy_calls_total{department="tax",operation="taxStatusByUscc",outcome="ok"} 12',
      'owdl_legacy_calls_total{department="tax",operation="taxStatusByUscc",outcome="DEPARTMENT_TIMEOUT"} 1',
      'owdl_legacy_calls_total{department="taxi",operation="x",outcome="ok"} 100',
      'owdl_legacy_call_duration_seconds_count{department="tax",operation="taxStatusByUscc"} 13',
    ].join('\n');
    expect(legacyCallsFromMetrics(text, 'tax')).toBe(13);
    expect(legacyCallsFromMetrics(text, 'health')).toBe(0);
  });

  it('sums a metric over the samples whose labels include the ones asked for, and no other metric', () => {
    const text = [
      '# TYPE owdl_graphql_request_duration_seconds histogram',
      'owdl_graphql_request_duration_seconds_bucket{le="0.005",service="tax",operation="A"} 1',
      'owdl_graphql_request_duration_seconds_sum{service="tax",operation="A"} 0.25',
      'owdl_graphql_request_duration_seconds_sum{service="tax",operation="B"} 0.5',
      'owdl_graphql_request_duration_seconds_sum_other{service="tax"} 7',
      'owdl_graphql_request_duration_seconds_count{service="tax",operation="A"} 2',
      'owdl_graphql_request_duration_seconds_count{service="tax",operation="B"} 3',
      'owdl_legacy_call_duration_seconds_sum{department="tax",operation="x"} 0.4',
      'owdl_legacy_call_duration_seconds_count{department="tax",operation="x"} 2',
      'owdl_process_cpu_seconds_total 12.5',
      'owdl_audit_append_duration_seconds_sum{department="tax",outcome="ok"} 0.06',
      'owdl_audit_append_duration_seconds_count{department="tax",outcome="ok"} 6',
      'owdl_audit_commit_duration_seconds_sum{department="tax",outcome="ok"} 0.02',
      'owdl_audit_commit_duration_seconds_count{department="tax",outcome="ok"} 4',
      'owdl_audit_commit_records_sum{department="tax"} 9',
      'owdl_audit_commit_records_count{department="tax"} 4',
    ].join('\n');
    expect(metricSum(text, 'owdl_graphql_request_duration_seconds_sum')).toBe(0.75);
    expect(metricSum(text, 'owdl_graphql_request_duration_seconds_sum', { operation: 'B' })).toBe(0.5);
    expect(metricSum(text, 'owdl_process_cpu_seconds_total')).toBe(12.5);
    expect(timeSpentFromMetrics(text)).toEqual({
      requests: { seconds: 0.75, count: 5 },
      legacyCalls: { seconds: 0.4, count: 2 },
      auditAppends: { seconds: 0.06, count: 6 },
      auditCommits: { seconds: 0.02, count: 4 },
      auditRecords: { records: 9, commits: 4 },
    });
  });

  /** Figures as timeSpentFromMetrics gives them: requests, legacy calls, audit appends and commits (seconds, count), records committed. */
  const at = (
    req: [number, number],
    calls: [number, number],
    appends: [number, number],
    commits: [number, number],
    [records, recordCommits]: [number, number],
  ) => {
    const spent = ([seconds, count]: [number, number]) => ({ seconds, count });
    return {
      requests: spent(req),
      legacyCalls: spent(calls),
      auditAppends: spent(appends),
      auditCommits: spent(commits),
      auditRecords: { records, commits: recordCommits },
    };
  };

  it("notes each subgraph's requests, legacy calls and audit commits between two readings, as counts and mean ms", () => {
    const before = {
      tax: at([1, 10], [0.5, 5], [0.1, 10], [0.05, 5], [10, 4]),
      health: at([2, 4], [0, 0], [0, 0], [0, 0], [0, 0]),
      audit: at([0, 0], [0, 0], [0, 0], [0, 0], [0, 0]),
    };
    const after = {
      tax: at([3, 30], [1.5, 10], [0.7, 30], [0.25, 10], [40, 7]),
      health: at([2.1, 5], [0, 0], [0, 0], [0, 0], [0, 0]),
      audit: at([0, 0], [0, 0], [0, 0], [0, 0], [0, 0]),
    };
    expect(timeSpentNote('first views', before, after)).toBe(
      'Time in the subgraphs, first views (their owdl_graphql_request_duration_seconds, ' +
        'owdl_legacy_call_duration_seconds and owdl_audit_*): tax 20 requests, mean 100 ms; 5 legacy calls, mean 200 ms; ' +
        '20 audit appends, mean 30 ms to their commit (5 commits, mean 40 ms, 10 records each) · ' +
        'health 1 requests, mean 100 ms.',
    );
  });

  it('adds what the subgraphs spent over spans measured apart, and takes a span as the difference of two readings', () => {
    const a = { tax: at([1, 10], [0.5, 5], [0.25, 10], [0.125, 5], [10, 4]) };
    const b = { tax: at([3, 30], [1.5, 10], [0.75, 30], [0.375, 10], [40, 7]) };
    expect(timeSpentBetween(a, b)).toEqual({ tax: at([2, 20], [1, 5], [0.5, 20], [0.25, 5], [30, 3]) });
    expect(timeSpentTotal([a, b, { health: at([1, 1], [0, 0], [0, 0], [0, 0], [0, 0]) }])).toEqual({
      tax: at([4, 40], [2, 15], [1, 40], [0.5, 15], [50, 11]),
      health: at([1, 1], [0, 0], [0, 0], [0, 0], [0, 0]),
    });
  });

  it("reports the subgraph processes' CPU beside the bench process's, named for what each holds", () => {
    const span = (cpuMs: number) => ({ cpuMs, wallMs: 1_000, percent: cpuMs / 10 });
    expect(subgraphCpuColumns(span(500), span(300), 250)).toEqual({
      'subgraph processes CPU %': 50,
      'subgraph processes CPU ms/request': 2,
      'bench process (autocannon, mocks) CPU %': 30,
    });
    expect(subgraphCpuColumns(undefined, span(900), 250, 'scan')).toEqual({
      'bench process (autocannon, mocks, subgraphs) CPU %': 90,
    });
  });

  it("adds the share of the subgraphs' CPU off their main threads where the span measured it", () => {
    const measured = { cpuMs: 800, wallMs: 1_000, percent: 80, offMainMs: 200 };
    expect(subgraphCpuColumns(measured, { cpuMs: 100, wallMs: 1_000, percent: 10 }, 100)).toEqual({
      'subgraph processes CPU %': 80,
      'subgraph processes CPU ms/request': 8,
      [OFF_MAIN_COLUMN]: 25,
      'bench process (autocannon, mocks) CPU %': 10,
    });
    expect(OFF_MAIN_COLUMN).toBe(
      'subgraph processes CPU off the main thread (V8 compiler and GC, libuv pool) %',
    );
  });
});
