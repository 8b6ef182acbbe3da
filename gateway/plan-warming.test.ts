import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { loadSafelist } from './limits/safelist';
import { warmQueryPlans } from './plan-warming';

const root = path.resolve(__dirname, '..');

describe('warmQueryPlans', () => {
  it('plans every registered operation so the first request finds its plan', async () => {
    const gateway = new ApolloGateway({
      supergraphSdl: readFileSync(path.join(root, 'gateway/supergraph.graphql'), 'utf8'),
    });
    await gateway.load();
    const planner = (gateway as unknown as { queryPlanner: { buildQueryPlan: (...a: unknown[]) => unknown } })
      .queryPlanner;
    const build = jest.spyOn(planner, 'buildQueryPlan');
    const operations = [...loadSafelist(path.join(root, 'gateway/persisted-operations')).all.values()];
    expect(await warmQueryPlans(gateway, operations)).toBe(operations.length);
    expect(build).toHaveBeenCalledTimes(operations.length);
    const store = (gateway as unknown as { queryPlanStore: { get(k: string): Promise<unknown> } })
      .queryPlanStore;
    const { createHash } = await import('node:crypto');
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    for (const op of operations) expect(await store.get(sha(sha(op.body) + op.name))).toBeDefined();
    await gateway.stop();
  });

  it('skips an operation the supergraph cannot serve and warms the rest', async () => {
    const gateway = new ApolloGateway({
      supergraphSdl: readFileSync(path.join(root, 'gateway/supergraph.graphql'), 'utf8'),
    });
    await gateway.load();
    const ok = {
      id: 'a',
      name: 'Catalogue',
      type: 'query' as const,
      body: 'query Catalogue { industries { code } }',
    };
    const gone = { id: 'b', name: 'Gone', type: 'query' as const, body: 'query Gone { noSuchField }' };
    expect(await warmQueryPlans(gateway, [ok, gone])).toBe(1);
    await gateway.stop();
  });
});
