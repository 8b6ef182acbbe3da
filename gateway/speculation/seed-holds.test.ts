import { SEED_OPERATION, seedOperation, type SeedSpec } from './key-lookup-plan';
import { SeedHolds } from './seed-holds';

const spec: SeedSpec = {
  response: 'person',
  typename: 'Person',
  key: [{ field: 'id', variable: 'id' }],
  root: 'ROOT',
  speculative: ['MOVED'],
};
const seedRequest = {
  query: seedOperation(spec),
  operationName: SEED_OPERATION,
  variables: { id: '310107199003070017' },
};
const moved = {
  query: 'MOVED',
  variables: { representations: [{ __typename: 'Person', id: '310107199003070017' }] },
};

/** A call that answers when told to, so a test decides the order. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
type Res = { data?: Record<string, unknown> | null; errors?: { message: string }[] };

describe('SeedHolds', () => {
  it('answers the seed itself with the entity its key names, calling no subgraph', async () => {
    const holds = new SeedHolds();
    const call = jest.fn();
    expect(await holds.process({}, seedRequest, call)).toEqual({
      data: { person: { __typename: 'Person', id: '310107199003070017' } },
    });
    expect(call).not.toHaveBeenCalled();
  });

  it('holds a moved fetch’s answer until the root fetch found the entity, then gives it as it came', async () => {
    const holds = new SeedHolds();
    const ctx = {};
    await holds.process(ctx, seedRequest, jest.fn());
    const rootCall = deferred<Res>();
    const movedAnswer = { data: { _entities: [{ socialSecurity: { status: 'ACTIVE' } }] } };
    let movedDone = false;
    const movedResult = holds
      .process(ctx, moved, async () => movedAnswer)
      .then((r) => ((movedDone = true), r));
    const rootResult = holds.process(ctx, { query: 'ROOT' }, () => rootCall.promise);
    await new Promise((r) => setImmediate(r));
    expect(movedDone).toBe(false);
    rootCall.resolve({ data: { person: { __typename: 'Person', id: '310107199003070017', name: '张伟' } } });
    expect(await rootResult).toEqual({
      data: { person: { __typename: 'Person', id: '310107199003070017', name: '张伟' } },
    });
    expect(await movedResult).toBe(movedAnswer);
  });

  it('drops a moved fetch’s answer, errors included, when the root fetch found no one', async () => {
    const holds = new SeedHolds();
    const ctx = {};
    await holds.process(ctx, seedRequest, jest.fn());
    const movedResult = holds.process(ctx, moved, async () => ({
      data: { _entities: [null] },
      errors: [{ message: 'INVALID_IDENTITY' }],
    }));
    await holds.process(ctx, { query: 'ROOT' }, async () => ({ data: { person: null } }));
    expect(await movedResult).toEqual({ data: { _entities: [null] } });
    // A moved fetch that failed outright is dropped the same way.
    const ctx2 = {};
    await holds.process(ctx2, seedRequest, jest.fn());
    const failed = holds.process(ctx2, moved, async () => {
      throw new Error('department human-resources did not answer');
    });
    await holds.process(ctx2, { query: 'ROOT' }, async () => ({ data: { person: null } }));
    expect(await failed).toEqual({ data: { _entities: [null] } });
  });

  it('asks again about the entity the root fetch found when its key differs from the seed’s', async () => {
    // A root field whose key argument does not name the entity it returns (the convention broken):
    // the speculative answer is about someone else and must not reach the client.
    const holds = new SeedHolds();
    const ctx = {};
    await holds.process(ctx, seedRequest, jest.fn());
    const request = structuredClone(moved);
    const asked: unknown[] = [];
    const movedResult = holds.process(ctx, request, async () => {
      asked.push(structuredClone(request.variables.representations));
      const id = request.variables.representations[0]!.id;
      return { data: { _entities: [{ socialSecurity: { cardNumber: `card of ${id}` } }] } };
    });
    await holds.process(ctx, { query: 'ROOT' }, async () => ({
      data: { person: { __typename: 'Person', id: '110101200001010011', name: '李娜' } },
    }));
    expect(await movedResult).toEqual({
      data: { _entities: [{ socialSecurity: { cardNumber: 'card of 110101200001010011' } }] },
    });
    expect(asked).toEqual([
      [{ __typename: 'Person', id: '310107199003070017' }],
      [{ __typename: 'Person', id: '110101200001010011' }],
    ]);
  });

  it('answers a failed root fetch as the entity null with its error, and then drops the moved ones', async () => {
    const holds = new SeedHolds();
    const ctx = {};
    await holds.process(ctx, seedRequest, jest.fn());
    const movedResult = holds.process(ctx, moved, async () => ({ data: { _entities: [{ x: 1 }] } }));
    const error = Object.assign(new Error('department public-security did not answer'), {
      extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'public-security' },
    });
    expect(
      await holds.process(ctx, { query: 'ROOT' }, async () => {
        throw error;
      }),
    ).toEqual({
      data: { person: null },
      errors: [
        {
          message: 'department public-security did not answer',
          extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'public-security' },
        },
      ],
    });
    expect(await movedResult).toEqual({ data: { _entities: [null] } });
  });

  it('passes a moved fetch’s failure on when the entity was found, and leaves other calls and requests alone', async () => {
    const holds = new SeedHolds();
    const ctx = {};
    await holds.process(ctx, seedRequest, jest.fn());
    const failed = holds.process(ctx, moved, async () => {
      throw new Error('department human-resources did not answer');
    });
    await holds.process(ctx, { query: 'ROOT' }, async () => ({ data: { person: { id: '1' } } }));
    await expect(failed).rejects.toThrow('department human-resources did not answer');
    const other = { data: { other: true } };
    expect(await holds.process(ctx, { query: 'OTHER' }, async () => other)).toBe(other);
    // Another request (no seed) with the same texts is not held.
    expect(await holds.process({}, moved, async () => other)).toBe(other);
  });
});
