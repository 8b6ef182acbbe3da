import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  codesText,
  countAnswer,
  emptyRun,
  errorCount,
  latenciesTagged,
  mergeRuns,
  msPer,
  percentiles,
  runAutocannon,
  toRow,
} from './autocannon-run';

describe('countAnswer', () => {
  it('counts nothing for a 2xx answer without errors', () => {
    const run = emptyRun();
    countAnswer(run, 200, '{"data":{"person":{"name":"errors"}}}');
    expect([run.non2xx, run.graphqlErrors, run.codes]).toEqual([0, 0, {}]);
  });

  it('counts a 2xx answer with GraphQL errors once, and each error code', () => {
    const run = emptyRun();
    countAnswer(
      run,
      200,
      JSON.stringify({
        data: null,
        errors: [
          { extensions: { code: 'DEPARTMENT_TIMEOUT' } },
          { extensions: { code: 'DEPARTMENT_TIMEOUT' } },
          {},
        ],
      }),
    );
    expect([run.non2xx, run.graphqlErrors, run.codes]).toEqual([0, 1, { DEPARTMENT_TIMEOUT: 2, '-': 1 }]);
  });

  it('counts an answer outside 2xx by its status and its codes, but not as a GraphQL error', () => {
    const run = emptyRun();
    countAnswer(run, 401, JSON.stringify({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] }));
    countAnswer(run, 502, 'Bad Gateway');
    expect([run.non2xx, run.graphqlErrors, run.codes]).toEqual([
      2,
      0,
      { 'HTTP 401': 1, UNAUTHENTICATED: 1, 'HTTP 502': 1 },
    ]);
  });

  it('counts a body that mentions errors but is no JSON', () => {
    const run = emptyRun();
    countAnswer(run, 200, '{"errors": [');
    expect([run.graphqlErrors, run.codes]).toEqual([1, { 'unparsable body': 1 }]);
  });
});

describe('figures of a run', () => {
  it('counts errors of every kind, and spreads ms over a count (NaN over none)', () => {
    expect(errorCount({ ...emptyRun(), non2xx: 2, graphqlErrors: 3, failed: 4 })).toBe(9);
    expect(msPer(1_000, 3)).toBe(333.333);
    expect(msPer(1_000, 0)).toBeNaN();
  });

  it('takes nearest-rank percentiles, NaN of nothing', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(values, [50, 95, 99, 100])).toEqual([50, 95, 99, 100]);
    expect(percentiles([7], [50, 99])).toEqual([7, 7]);
    expect(percentiles([], [50])).toEqual([NaN]);
  });

  it('merges runs by adding counts, durations, codes and latencies', () => {
    const a = {
      ...emptyRun(),
      requests: 2,
      durationSec: 1,
      non2xx: 1,
      codes: { 'HTTP 503': 1 },
      latenciesMs: [1, 2],
      tags: ['x', 'y'],
    };
    const b = {
      ...emptyRun(),
      requests: 1,
      durationSec: 2,
      failed: 1,
      codes: { 'HTTP 503': 2, 'no answer': 1 },
      latenciesMs: [3],
      tags: ['x'],
    };
    const m = mergeRuns([a, b]);
    expect(m).toEqual({
      requests: 3,
      durationSec: 3,
      non2xx: 1,
      graphqlErrors: 0,
      failed: 1,
      codes: { 'HTTP 503': 3, 'no answer': 1 },
      latenciesMs: [1, 2, 3],
      tags: ['x', 'y', 'x'],
    });
    expect(latenciesTagged(m, 'x')).toEqual([1, 3]);
    expect(codesText(m)).toBe('HTTP 503×3 no answer×1');
    expect(codesText(emptyRun())).toBe('-');
  });

  it('makes a row: errors of every kind added, RPS over the time to the last answer', () => {
    const run = {
      ...emptyRun(),
      requests: 4,
      durationSec: 2,
      non2xx: 1,
      graphqlErrors: 1,
      failed: 1,
      latenciesMs: [10, 20, 30, 40.04],
    };
    expect(toRow('ours', run, 20, { 'gateway CPU %': 50 })).toEqual({
      variant: 'ours',
      connections: 20,
      durationSec: 2,
      requests: 4,
      errors: 3,
      rps: 2,
      p50Ms: 20,
      p95Ms: 40,
      p99Ms: 40,
      extra: { 'gateway CPU %': 50 },
    });
  });
});

describe('runAutocannon', () => {
  let server: http.Server;
  let url: string;
  const seen: { body: string; token?: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ body, token: req.headers.authorization });
        const n = (JSON.parse(body) as { variables: { n: number } }).variables.n;
        res.writeHead(n % 4 === 3 ? 503 : 200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            n % 4 === 1 ? { data: null, errors: [{ extensions: { code: 'FORBIDDEN' } }] } : { data: { n } },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends each request as next() builds it and counts every answer', async () => {
    let n = 0;
    const run = await runAutocannon({
      url,
      connections: 2,
      amount: 8,
      label: 'test',
      next: () => {
        const i = n++;
        return {
          body: JSON.stringify({ query: '{ n }', variables: { n: i } }),
          headers: { authorization: `Bearer t${i}` },
          tag: i % 2 ? 'odd' : 'even',
        };
      },
    });
    expect(seen.map((s) => s.token).sort()).toEqual(
      ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7'].map((t) => `Bearer ${t}`),
    );
    expect(seen.map((s) => (JSON.parse(s.body) as { variables: { n: number } }).variables.n).sort()).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);
    expect([run.requests, run.non2xx, run.graphqlErrors, run.failed]).toEqual([8, 2, 2, 0]);
    expect(run.codes).toEqual({ 'HTTP 503': 2, FORBIDDEN: 2 });
    expect(run.latenciesMs).toHaveLength(8);
    expect([...run.tags].sort()).toEqual(['even', 'even', 'even', 'even', 'odd', 'odd', 'odd', 'odd']);
  });
});
