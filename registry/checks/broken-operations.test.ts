import { buildSchema } from 'graphql';
import type { OperationUsage, RegisteredOperation } from '../model';
import { brokenOperations } from './broken-operations';
import { operationsInUse } from './operations-in-use';

const before = buildSchema('type Query { a: Int b: Int c: Int }');
const after = buildSchema('type Query { a: Int c: Int }');
const owners = { counter: 'Counter team', portal: 'Portal team', default: 'Platform team' };

function registered(channel: string, id: string, name: string, body: string): RegisteredOperation {
  return {
    channel,
    id,
    name,
    type: 'query',
    body,
    registeredBy: 'ci',
    registeredAt: '2026-01-01T00:00:00.000Z',
  };
}
function used(client: string, id: string, name: string | null, body: string): OperationUsage {
  const at = '2026-01-01T00:00:00.000Z';
  return { client, id, name, body, count: 3, firstSeen: at, lastSeen: at };
}

describe('operationsInUse', () => {
  it('checks each id once, remembering every client, a registered name winning', () => {
    const ops = operationsInUse(
      [registered('counter', 'i1', 'UsesB', 'query UsesB { b }')],
      [
        used('portal', 'i1', 'Other', 'query UsesB { b }'),
        used('counter', 'i1', 'UsesB', 'query UsesB { b }'),
      ],
    );
    expect(ops).toHaveLength(1);
    expect(ops[0]!.name).toBe('UsesB');
    expect([...ops[0]!.clients]).toEqual([
      ['counter', 'registered'],
      ['portal', 'traffic'],
    ]);
  });
});

describe('brokenOperations', () => {
  it('reports an operation that validates today and not after, once per client with its owner', () => {
    const ops = operationsInUse(
      [registered('counter', 'i1', 'UsesB', 'query UsesB { b }')],
      [
        used('kiosk-42', 'i1', 'UsesB', 'query UsesB { b }'),
        used('portal', 'i2', 'UsesA', 'query UsesA { a }'),
      ],
    );
    expect(brokenOperations(ops, before, after, owners)).toEqual([
      {
        id: 'i1',
        name: 'UsesB',
        source: 'registered',
        client: 'counter',
        owner: 'Counter team',
        errors: ['Cannot query field "b" on type "Query". Did you mean "a" or "c"?'],
      },
      {
        id: 'i1',
        name: 'UsesB',
        source: 'traffic',
        client: 'kiosk-42',
        owner: 'Platform team',
        errors: ['Cannot query field "b" on type "Query". Did you mean "a" or "c"?'],
      },
    ]);
  });

  it('leaves out operations that already fail today or do not parse', () => {
    const ops = operationsInUse(
      [],
      [used('portal', 'i3', 'UsesZ', 'query UsesZ { z b }'), used('portal', 'i4', null, '{ b')],
    );
    expect(brokenOperations(ops, before, after, owners)).toEqual([]);
  });
});
