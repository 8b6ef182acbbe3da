import { request } from 'undici';
import { GOLDEN } from '../../mocks/data/golden';
import { startStack, type Stack } from '../helpers/stack';

describe('operations view', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);
  afterAll(() => stack?.close());

  it("carries the caller's W3C trace id through the gateway and the subgraph to the legacy system", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    stack.resetCounters();
    const res = await stack.query(
      `{ person(id: "${GOLDEN.zhangWei}") { name socialSecurity { cardNumber }
          certificates { type } birthMedicalCertificate { __typename } companies { licences { type } } } }`,
      {},
      'counter',
      {
        headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      },
    );
    expect(res.body).toMatchObject({ data: { person: { name: '张伟' } } });
    expect(res.body).not.toHaveProperty('errors');
    // Every legacy system on HTTP (housing speaks fixed-width TCP, tax SQL: no place for a trace).
    const systems = ['public-security', 'human-resources', 'market-supervision', 'big-data-center', 'health'];
    const seen = Object.fromEntries(
      systems.map((s) => [s, stack.mocks[s]!.controller.stats().lastTraceparent]),
    );
    for (const system of systems) {
      expect({ system, traceparent: seen[system] }).toEqual({
        system,
        traceparent: expect.stringMatching(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`)),
      });
      expect(seen[system]).not.toContain('00f067aa0ba902b7');
    }
  });

  it('exposes request, legacy call, cache and breaker metrics in Prometheus format', async () => {
    await stack.query('query CounterProbe($id: ID!) { person(id: $id) { name } }', { id: GOLDEN.wangQiang });
    const res = await request(`${new URL(stack.gateway.url).origin}/metrics`);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.body.text();
    expect(text).toMatch(
      /^owdl_graphql_requests_total\{service="gateway",operation="CounterProbe",outcome="ok"\} 1$/m,
    );
    expect(text).toMatch(
      /^owdl_legacy_calls_total\{department="public-security",operation="person\.byId",outcome="ok"\} \d+$/m,
    );
    expect(text).toMatch(
      /^owdl_cache_lookups_total\{department="public-security",operation="person\.byId",result="miss"\} \d+$/m,
    );
    expect(text).toMatch(/^owdl_breaker_state\{department="public-security",operation="person\.byId"\} 0$/m);
    expect(text).toMatch(
      /^owdl_legacy_call_duration_seconds_bucket\{le="0\.005",department="public-security",operation="person\.byId"\} \d+$/m,
    );
  });
});
