import { registry } from '../../adapters/kit/metrics';
import { COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES } from '../../gateway/first-query';
import { startStack, type Stack } from '../helpers/stack';

/** GraphQL requests the service centre's subgraph answered so far (its metrics, every operation). */
async function serviceCentreRequests(): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'owdl_graphql_requests_total');
  return (metric?.values ?? [])
    .filter((v) => v.labels.service === 'service-center')
    .reduce((sum, v) => sum + v.value, 0);
}

/**
 * A certificate's issuer (a Department of the service centre's catalogue) is no one's personal
 * data: the gateway reuses the service centre's answer about it (gateway/reference-cache.ts) instead
 * of asking again on every counter view, and the answer is the same.
 */
describe('the gateway’s reference cache', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ people: 10 });
  }, 60_000);
  afterAll(() => stack?.close());

  /** Two counter views of Zhang Wei through a new gateway: each answer, and the service centre's calls for each. */
  async function twoViews(referenceCacheTtlMs?: number) {
    const url = (await stack.startGateway({ referenceCacheTtlMs })).url;
    const view = async () => {
      const before = await serviceCentreRequests();
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-channel': 'counter',
          ...(await stack.authHeaders()),
        },
        body: JSON.stringify({ query: COUNTER_VIEW_QUERY, variables: COUNTER_VIEW_VARIABLES }),
      });
      const body = (await res.json()) as {
        data?: { person: { certificates: { issuer: { name: string } }[] } };
        errors?: unknown[];
      };
      return { body, calls: (await serviceCentreRequests()) - before };
    };
    const first = await view();
    return { first, second: await view() };
  }

  it('answers the issuers of a repeated counter view without asking the service centre again', async () => {
    const { first, second } = await twoViews();
    expect(first.body.errors).toBeUndefined();
    expect(second.body).toEqual(first.body);
    expect(first.body.data!.person.certificates.map((c) => c.issuer.name)).toContain('公安分局');
    // The first view asked the service centre for the issuers' names; the second did not.
    expect(second.calls).toBe(first.calls - 1);
  });

  it('asks every time with GATEWAY_REFERENCE_CACHE_TTL_MS=0', async () => {
    const { first, second } = await twoViews(0);
    expect(second.body).toEqual(first.body);
    expect(second.calls).toBe(first.calls);
  });
});
