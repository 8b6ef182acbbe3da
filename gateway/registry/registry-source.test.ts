import { logger } from '../../adapters/kit/logger';
import { composeSupergraph } from '../compose';
import { SqliteRegistryStore } from '../../registry/store/sqlite-store';
import type { RegistryStore } from '../../registry/model';
import { operationId, type PersistedOperation, type Safelist } from '../limits/safelist';
import { RegistrySupergraphSource } from './registry-source';
import type { SupergraphState } from './supergraph-source';

const subgraph = (field: string) => /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  "The root."
  type Query {
    "A greeting."
    ${field}: String
  }
`;
const V1 = composeSupergraph([{ name: 'health', url: 'http://health:4003/graphql', sdl: subgraph('hello') }]);
const V2 = composeSupergraph([{ name: 'health', url: 'http://health:4003/graphql', sdl: subgraph('hi') }]);

const commit = (store: RegistryStore, sdl: string, expectedCurrent: number | null) =>
  store.commit({
    expectedCurrent,
    add: [{ department: 'health', sdl: 'type Query { x: Int }', url: 'http://health:4003/graphql' }],
    keep: [],
    supergraphSdl: sdl,
    action: expectedCurrent === null ? 'bootstrap' : 'publish',
    by: 'test',
  });

const op = (name: string): PersistedOperation => {
  const body = `query ${name} { hello }`;
  return { id: operationId(body), name, type: 'query', body };
};

/** Waits (without asserting on time) until `check` holds; the test's own timeout bounds it. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

const names = (s: Safelist) =>
  Object.fromEntries([...s.channels].map(([c, ops]) => [c, [...ops.values()].map((o) => o.name)]));

describe('RegistrySupergraphSource', () => {
  let store: SqliteRegistryStore;
  const stops: (() => void)[] = [];
  beforeEach(() => {
    store = SqliteRegistryStore.open(':memory:');
  });
  afterEach(async () => {
    stops.splice(0).forEach((stop) => stop());
    await store.close();
  });

  it('refuses to start from an empty registry, saying to bootstrap it', async () => {
    const source = new RegistrySupergraphSource(store, { pollMs: 10 });
    await expect(source.load()).rejects.toMatchObject({
      code: 'VERSION_NOT_FOUND',
      message: 'the schema registry (sqlite) holds no supergraph yet: run npm run subgraph -- bootstrap',
    });
  });

  it('refuses to start from a current version that is not a supergraph', async () => {
    await commit(store, 'type Query { broken: Int }', null);
    await expect(new RegistrySupergraphSource(store).load()).rejects.toThrow(
      /^supergraph version 1 in the schema registry is not a valid supergraph: /,
    );
  });

  it('loads the current version, then hands each later version to its watchers once', async () => {
    await commit(store, V1, null);
    const source = new RegistrySupergraphSource(store, { pollMs: 10 });
    expect(await source.load()).toEqual({ version: 1, sdl: V1 });
    const seen: SupergraphState[] = [];
    stops.push(source.watch((s) => seen.push(s)));
    await commit(store, V2, 1);
    await until(() => seen.length === 1);
    await commit(store, V1, 2);
    await until(() => seen.length === 2);
    // Many more polls with nothing new: nothing more is handed out.
    const polls = jest.spyOn(store, 'currentVersion');
    await until(() => polls.mock.calls.length >= 5);
    expect(seen).toEqual([
      { version: 2, sdl: V2 },
      { version: 3, sdl: V1 },
    ]);
  });

  it('refuses a new version that is not a supergraph, keeps the old one, and takes the next valid one', async () => {
    await commit(store, V1, null);
    const source = new RegistrySupergraphSource(store, { pollMs: 10 });
    await source.load();
    const seen: (number | null)[] = [];
    stops.push(source.watch((s) => seen.push(s.version)));
    const read = jest.spyOn(store, 'supergraph');
    const errors = jest.spyOn(logger, 'error');
    await commit(store, 'type Query { broken: Int }', 1);
    await until(() => read.mock.calls.length === 1);
    const polls = jest.spyOn(store, 'currentVersion');
    await until(() => polls.mock.calls.length >= 3);
    // Refused once: the bad version's SDL is not read again at every poll.
    expect([seen, read.mock.calls]).toEqual([[], [[2]]]);
    expect(errors.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      [
        { version: 2, serving: 1, problem: expect.any(String) },
        'refused a supergraph version from the schema registry: not a valid supergraph; the one served keeps serving',
      ],
    ]);
    errors.mockRestore();
    await commit(store, V2, 2);
    await until(() => seen.length === 1);
    expect(seen).toEqual([3]);
  });

  it('logs a failed poll and recovers at the next one', async () => {
    await commit(store, V1, null);
    const source = new RegistrySupergraphSource(store, { pollMs: 10 });
    await source.load();
    const seen: (number | null)[] = [];
    await commit(store, V2, 1);
    const errors = jest.spyOn(logger, 'error');
    const failing = jest
      .spyOn(store, 'currentVersion')
      .mockRejectedValueOnce(new Error('database is locked'))
      .mockRejectedValueOnce(new Error('database is locked'));
    stops.push(source.watch((s) => seen.push(s.version)));
    await until(() => seen.length === 1);
    expect(failing.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual([2]);
    expect(errors.mock.calls.filter((c) => c[1] === 'poll failed; retrying')).toHaveLength(2);
    errors.mockRestore();
  });

  it('keeps polling after a watcher throws, and the other watchers still get the version', async () => {
    await commit(store, V1, null);
    const source = new RegistrySupergraphSource(store, { pollMs: 10 });
    await source.load();
    const seen: (number | null)[] = [];
    stops.push(
      source.watch(() => {
        throw new Error('watcher bug');
      }),
    );
    stops.push(source.watch((s) => seen.push(s.version)));
    await commit(store, V2, 1);
    await until(() => seen.length === 1);
    await commit(store, V1, 2);
    await until(() => seen.length === 2);
    expect(seen).toEqual([2, 3]);
  });

  it('loads the registered operations per channel and reloads them only when their revision moves', async () => {
    await commit(store, V1, null);
    await store.registerOperations('counter', [op('A'), op('B')], 'counter-team');
    await store.registerOperations('portal', [op('A')], 'portal-team');
    const source = new RegistrySupergraphSource(store, { pollMs: 10 });
    const first = await source.safelist.load();
    expect(names(first)).toEqual({ counter: ['A', 'B'], portal: ['A'] });
    expect([...first.all.values()].map((o) => o.name)).toEqual(['A', 'B']);
    expect(first.channels.get('counter')!.get(op('B').id)).toEqual(op('B'));
    const seen: Safelist[] = [];
    stops.push(source.safelist.watch((s) => seen.push(s)));
    const reads = jest.spyOn(store, 'registeredOperations');
    const revisions = jest.spyOn(store, 'operationsRevision');
    await until(() => revisions.mock.calls.length >= 3);
    expect(reads).not.toHaveBeenCalled();
    await store.registerOperations('app', [op('C')], 'app-team');
    await until(() => seen.length === 1);
    expect(names(seen[0]!)).toEqual({ counter: ['A', 'B'], portal: ['A'], app: ['C'] });
  });

  it('stops asking the store once every watcher unsubscribed', async () => {
    await commit(store, V1, null);
    const source = new RegistrySupergraphSource(store, { pollMs: 10 });
    await source.load();
    const polls = jest.spyOn(store, 'currentVersion');
    const stop = source.watch(() => undefined);
    await until(() => polls.mock.calls.length >= 2);
    stop();
    const after = polls.mock.calls.length;
    // A poll under way may still finish; none starts after it.
    await new Promise((r) => setTimeout(r, 60));
    expect(polls.mock.calls.length - after).toBeLessThanOrEqual(1);
  });

  it('checks its poll interval at construction', () => {
    expect(() => new RegistrySupergraphSource(store, { pollMs: 0 })).toThrow(
      'pollMs must be a whole number of ms, at least 1: 0',
    );
  });
});
