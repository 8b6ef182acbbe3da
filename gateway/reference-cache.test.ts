import { defaultPolicy } from '../trust/policy/policy';
import { cacheableReferenceTypes, readsOnlyReference, ReferenceCache } from './reference-cache';

const ISSUERS =
  'query CounterView__service_center__9($representations: [_Any!]!) { _entities(representations: $representations) { ... on Department { name } } }';
const TYPES = new Set(['Department', 'Matter']);

describe('readsOnlyReference', () => {
  it('takes an entity fetch of leaf fields of reference types', () => {
    expect(readsOnlyReference(ISSUERS, TYPES)).toBe(true);
    expect(
      readsOnlyReference(
        'query Q($r: [_Any!]!) { _entities(representations: $r) { ... on Department { __typename code n: name } ... on Matter { name } } }',
        TYPES,
      ),
    ).toBe(true);
  });

  it.each([
    [
      'a personal-data type',
      'query Q($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name } } }',
    ],
    [
      'a reference type beside a personal one',
      'query Q($r: [_Any!]!) { _entities(representations: $r) { ... on Department { name } ... on Case { status } } }',
    ],
    [
      'a nested object',
      'query Q($r: [_Any!]!) { _entities(representations: $r) { ... on Department { matters { name } } } }',
    ],
    ['a field outside a fragment', 'query Q($r: [_Any!]!) { _entities(representations: $r) { __typename } }'],
    [
      'a directive',
      'query Q($r: [_Any!]!, $s: Boolean!) { _entities(representations: $r) { ... on Department { name @include(if: $s) } } }',
    ],
    ['a root field', 'query Q { departments { name } }'],
    [
      'a mutation',
      'mutation M($r: [_Any!]!) { _entities(representations: $r) { ... on Department { name } } }',
    ],
    ['two operations', `${ISSUERS} query Other { __typename }`],
    ['text that does not parse', 'query {'],
  ])('refuses %s', (_what, operation) => {
    expect(readsOnlyReference(operation, TYPES)).toBe(false);
  });
});

describe('cacheableReferenceTypes', () => {
  const policy = defaultPolicy();

  it('caches the catalogue’s departments and matters under the product’s policy', () => {
    expect([...cacheableReferenceTypes(policy)].sort()).toEqual(['Department', 'Matter']);
  });

  it('never caches a type the policy makes personal data or gives a sensitive field', () => {
    const stricter = {
      ...policy,
      entities: { ...policy.entities, Department: { subject: 'self' as const, key: 'code' } },
      sensitive: { ...policy.sensitive, 'Matter.legalBasis': 'address' as const },
    };
    expect([...cacheableReferenceTypes(stricter)]).toEqual([]);
  });
});

describe('ReferenceCache', () => {
  const DEPARTMENTS = { _entities: [{ name: '公安分局' }, { name: '不动产登记中心' }] };
  const request = (codes: string[]) => ({
    query: ISSUERS,
    variables: { representations: codes.map((code) => ({ __typename: 'Department', code })) },
  });
  /** A subgraph call that answers `answer` (a fresh copy each time), counting its calls. */
  const counted = (answer: { data?: Record<string, unknown> | null; errors?: unknown[] }) =>
    jest.fn(async () => structuredClone(answer));

  it('asks the subgraph once for the same reference entities, and gives each request its own copy', async () => {
    const cache = new ReferenceCache('service-center', TYPES);
    const call = counted({ data: DEPARTMENTS });
    const first = await cache.answer(request(['public-security', 'housing']), call);
    (first.data!._entities as { name: string }[])[0]!.name = 'changed by the gateway’s merge';
    const second = await cache.answer(request(['public-security', 'housing']), call);
    expect(second).toEqual({ data: DEPARTMENTS });
    expect(call).toHaveBeenCalledTimes(1);
    // Other entities are another answer.
    await cache.answer(request(['housing']), call);
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('keeps no answer with errors, and nothing past its time', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const cache = new ReferenceCache('service-center', TYPES, 60_000);
      const failing = counted({ data: null, errors: [{ message: 'down' }] });
      await cache.answer(request(['tax']), failing);
      await cache.answer(request(['tax']), failing);
      expect(failing).toHaveBeenCalledTimes(2);
      const call = counted({ data: DEPARTMENTS });
      await cache.answer(request(['health']), call);
      now.mockReturnValue(1_059_999);
      await cache.answer(request(['health']), call);
      expect(call).toHaveBeenCalledTimes(1);
      now.mockReturnValue(1_060_000);
      await cache.answer(request(['health']), call);
      expect(call).toHaveBeenCalledTimes(2);
    } finally {
      now.mockRestore();
    }
  });

  it('passes every other operation through, each time', async () => {
    const cache = new ReferenceCache('public-security', TYPES);
    const person = { query: 'query P($id: ID!) { person(id: $id) { name } }', variables: { id: '1' } };
    const call = counted({ data: { person: { name: '张伟' } } });
    await cache.answer(person, call);
    await cache.answer(person, call);
    expect(call).toHaveBeenCalledTimes(2);
  });
});
