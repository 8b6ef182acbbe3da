import { readFileSync } from 'node:fs';
import path from 'node:path';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { parse } from 'graphql';
import { COUNTER_VIEW_QUERY } from '../first-query';
import { isSpeculative, SEED_OPERATION, seedSpecOf, speculateKeyLookups } from './key-lookup-plan';
import { rootObjectTypeOf, speculativePlanCache } from './speculative-plan-cache';

const supergraph = Supergraph.build(readFileSync(path.resolve(__dirname, '../supergraph.graphql'), 'utf8'));
const planner = new QueryPlanner(supergraph);
const api = supergraph.apiSchema();
const rootType = rootObjectTypeOf(api.toGraphQLJSSchema());
const planOf = (query: string): QueryPlan => planner.buildQueryPlan(operationFromDocument(api, parse(query)));

/** The services of the fetches a node starts with (a fetch, or the first of each parallel branch). */
function starts(node: PlanNode): string[] {
  switch (node.kind) {
    case 'Fetch':
      return [node.serviceName];
    case 'Flatten':
      return starts(node.node);
    case 'Sequence':
      return starts(node.nodes[0]!);
    case 'Parallel':
      return node.nodes.flatMap(starts);
    default:
      return [];
  }
}
/** The seed, and what the plan runs right after it, by service. */
function shape(plan: QueryPlan) {
  const top = plan.node as { kind: 'Sequence'; nodes: PlanNode[] };
  const seed = top.nodes[0] as FetchNode;
  return {
    seed,
    spec: seedSpecOf(seed.operation),
    beside: starts(top.nodes[1]!).sort(),
    after: top.nodes.slice(2),
  };
}

describe('speculateKeyLookups', () => {
  it('starts every department the counter view asks about the person beside public security’s root fetch', () => {
    const plan = planOf(COUNTER_VIEW_QUERY);
    // Unchanged, public security answers first and everybody else waits for it.
    expect(starts(plan.node as PlanNode)).toEqual(['public-security']);
    const out = speculateKeyLookups(plan, rootType);
    expect(isSpeculative(out)).toBe(true);
    expect(isSpeculative(plan)).toBe(false);
    const { seed, spec, beside, after } = shape(out);
    expect(seed).toMatchObject({
      kind: 'Fetch',
      serviceName: 'public-security',
      operationName: SEED_OPERATION,
      variableUsages: ['id'],
    });
    expect(spec).toMatchObject({
      response: 'person',
      typename: 'Person',
      key: [{ field: 'id', variable: 'id' }],
    });
    expect(beside).toEqual([
      'big-data-center',
      'housing',
      'human-resources',
      'market-supervision',
      'public-security',
      'service-center',
    ]);
    expect(after).toEqual([]);
    // The root fetch and the five moved ones, each named by its text in the spec.
    expect(spec.root).toContain('person(id:$id)');
    expect(spec.speculative).toHaveLength(5);
    expect(spec.speculative.every((t) => t.includes('_entities'))).toBe(true);
    // The seed's text is a GraphQL document (plan printers parse it).
    expect(() => parse(seed.operation)).not.toThrow();
  });

  it('keeps after the root fetch what needs more than the key (a field the root fetch brought)', () => {
    const out = speculateKeyLookups(
      planOf(
        'query C($u: ID!) { company(uscc: $u) { name legalRepresentative { name } taxStatus { status } } }',
      ),
      rootType,
    );
    const { spec, beside } = shape(out);
    expect(spec).toMatchObject({
      response: 'company',
      typename: 'Company',
      key: [{ field: 'uscc', variable: 'u' }],
    });
    // Tax needs only the credit code; the legal representative's name needs market supervision's answer.
    expect(beside).toEqual(['market-supervision', 'tax']);
    const root = (out.node as { nodes: PlanNode[] }).nodes[1] as { nodes: PlanNode[] };
    const afterRoot = root.nodes.find((n) => n.kind === 'Sequence') as { nodes: PlanNode[] };
    expect(starts(afterRoot.nodes[1]!)).toEqual(['public-security']);
  });

  it('follows an alias and takes a literal key', () => {
    const aliased = shape(
      speculateKeyLookups(
        planOf('query A($id: ID!) { p: person(id: $id) { name socialSecurity { status } } }'),
        rootType,
      ),
    );
    expect(aliased.spec.response).toBe('p');
    expect(aliased.beside).toEqual(['human-resources', 'public-security']);
    const literal = shape(
      speculateKeyLookups(
        planOf('{ person(id: "310107199003070017") { name socialSecurity { status } } }'),
        rootType,
      ),
    );
    expect(literal.spec.key).toEqual([{ field: 'id', value: '310107199003070017' }]);
    expect(literal.seed.variableUsages).toEqual([]);
  });

  it('leaves alone a plan that is not one key lookup followed by key fetches', () => {
    for (const query of [
      '{ departments { code name } }',
      'query P($id: ID!) { person(id: $id) { name birthDate } }',
      'query Two($id: ID!) { person(id: $id) { socialSecurity { status } } departments { code } }',
    ]) {
      const plan = planOf(query);
      expect(speculateKeyLookups(plan, rootType)).toBe(plan);
    }
  });

  it('moves nothing that needs a field of the root fetch besides the key, nor when the root field returns another type', () => {
    const root: FetchNode = {
      kind: 'Fetch',
      serviceName: 'public-security',
      variableUsages: ['id'],
      operation: 'query Q__public_security__0($id:ID!){person(id:$id){__typename id birthDate}}',
      operationName: 'Q__public_security__0',
      operationKind: 'query' as FetchNode['operationKind'],
    };
    const keyed = (fields: string[]): PlanNode => ({
      kind: 'Flatten',
      path: ['person'],
      node: {
        kind: 'Fetch',
        serviceName: 'health',
        requires: [
          {
            kind: 'InlineFragment',
            typeCondition: 'Person',
            selections: fields.map((name) => ({ kind: 'Field' as const, name })),
          },
        ],
        operation:
          'query Q__health__1($representations:[_Any!]!){_entities(representations:$representations){...on Person{vaccinations{name}}}}',
        operationName: 'Q__health__1',
        operationKind: 'query' as FetchNode['operationKind'],
      },
    });
    const needsBirthDate: QueryPlan = {
      kind: 'QueryPlan',
      node: { kind: 'Sequence', nodes: [root, keyed(['__typename', 'id', 'birthDate'])] },
    };
    expect(speculateKeyLookups(needsBirthDate, rootType)).toBe(needsBirthDate);
    const keyOnly: QueryPlan = {
      kind: 'QueryPlan',
      node: { kind: 'Sequence', nodes: [root, keyed(['__typename', 'id'])] },
    };
    expect(isSpeculative(speculateKeyLookups(keyOnly, rootType))).toBe(true);
    expect(speculateKeyLookups(keyOnly, () => ({ type: 'Company', args: { id: 'ID' } }))).toBe(keyOnly);
    expect(speculateKeyLookups(keyOnly, () => undefined)).toBe(keyOnly);
  });
});

describe('speculativePlanCache', () => {
  it('stores each plan as rewritten, and forgets them all on clear (a new supergraph)', async () => {
    const cache = speculativePlanCache(() => api.toGraphQLJSSchema());
    const plan = planOf(COUNTER_VIEW_QUERY);
    await cache.set('k', plan);
    const stored = await cache.get('k');
    expect(stored).not.toBe(plan);
    expect(isSpeculative(stored!)).toBe(true);
    cache.clear();
    expect(await cache.get('k')).toBeUndefined();
    // No schema yet (before the first load): stored unchanged.
    const early = speculativePlanCache(() => undefined);
    await early.set('k', plan);
    expect(await early.get('k')).toBe(plan);
  });
});
