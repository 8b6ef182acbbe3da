import { createHash } from 'node:crypto';
import type { PersistedOperation } from '../../gateway/limits/safelist';
import type { CommitRequest, RegistryStore, UsageSample } from '../model';

/**
 * One engine under the shared suite. `fresh()` gives each test an empty database; every store
 * `open()` makes after it (until the next `fresh()`) shares that database, as separate processes
 * would: each has its own connection (SQLite) or pool (PostgreSQL).
 */
export interface RegistryStoreTarget {
  engine: string;
  fresh(): Promise<void>;
  open(options?: { now?: () => Date }): Promise<RegistryStore>;
  /** Removes what the tests made (PostgreSQL schemas). */
  dropAll(): Promise<void>;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const HEALTH_1 = /* GraphQL */ 'type Query { "Health" health: Int }';
const HEALTH_2 = /* GraphQL */ 'type Query { "Health" health: Int "Clinics" clinics: [String] }';
const TAX_1 = /* GraphQL */ 'type Query { "Tax" tax: Int }';
const SUPER_1 = 'supergraph v1 text';
const SUPER_2 = 'supergraph v2 text';

function bootstrapRequest(over: Partial<CommitRequest> = {}): CommitRequest {
  return {
    expectedCurrent: null,
    add: [
      { department: 'tax', sdl: TAX_1, url: 'http://127.0.0.1:4012/graphql' },
      { department: 'health', sdl: HEALTH_1, url: 'http://127.0.0.1:4011/graphql' },
    ],
    keep: [],
    supergraphSdl: SUPER_1,
    action: 'bootstrap',
    by: 'gateway@host',
    ...over,
  };
}

function publishRequest(over: Partial<CommitRequest> = {}): CommitRequest {
  return {
    expectedCurrent: 1,
    add: [{ department: 'health', sdl: HEALTH_2, url: 'http://127.0.0.1:4011/graphql' }],
    keep: [{ department: 'tax', version: 1 }],
    supergraphSdl: SUPER_2,
    action: 'publish',
    by: 'health-ci',
    department: 'health',
    ...over,
  };
}

function operation(name: string, field = 'health'): PersistedOperation {
  const body = `query ${name} { ${field} }`;
  return { id: sha256(body), name, type: 'query', body };
}

function sample(over: Partial<UsageSample> = {}): UsageSample {
  const body = 'query Health { health }';
  return {
    id: sha256(body),
    name: 'Health',
    body,
    client: 'portal',
    count: 1,
    at: '2026-11-20T01:00:00.000Z',
    ...over,
  };
}

/** What every RegistryStore engine must do: numbering, current, conflicts, usage, operations, events. */
export function describeRegistryStoreConformance(target: RegistryStoreTarget): void {
  describe(`registry store on ${target.engine}`, () => {
    const opened: RegistryStore[] = [];
    let time = '2026-11-20T01:00:00.000Z';
    const clock = () => new Date(time);
    const open = async () => {
      const store = await target.open({ now: clock });
      opened.push(store);
      return store;
    };
    /** Everything a failed write must leave as it was. */
    const snapshot = async (store: RegistryStore) => ({
      supergraphs: await store.supergraphs(),
      subgraphs: await store.subgraphHistory(),
      events: await store.events(),
      usage: await store.usedOperations('1970-01-01T00:00:00.000Z'),
      operations: await store.registeredOperations(),
      revision: await store.operationsRevision(),
    });

    beforeEach(async () => {
      time = '2026-11-20T01:00:00.000Z';
      await target.fresh();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    afterAll(() => target.dropAll());

    it('starts empty', async () => {
      const store = await open();
      expect(await store.currentVersion()).toBeNull();
      expect(await store.current()).toBeNull();
      expect(await store.supergraph(1)).toBeNull();
      expect(await store.supergraphs()).toEqual([]);
      expect(await store.subgraph('health')).toBeNull();
      expect(await store.subgraph('health', 1)).toBeNull();
      expect(await store.subgraphHistory()).toEqual([]);
      expect(await store.events()).toEqual([]);
      expect(await store.usedOperations('1970-01-01T00:00:00.000Z')).toEqual([]);
      expect(await store.registeredOperations()).toEqual([]);
      expect(await store.operationsRevision()).toBe(0);
    });

    it('numbers supergraph versions 1, 2… and subgraph versions per department, stamping hashes, who and when', async () => {
      const store = await open();
      const first = await store.commit(bootstrapRequest());
      expect(first).toEqual({
        version: 1,
        sdl: SUPER_1,
        sdlHash: sha256(SUPER_1),
        members: [
          { department: 'health', version: 1 },
          { department: 'tax', version: 1 },
        ],
        action: 'bootstrap',
        department: null,
        restores: null,
        createdBy: 'gateway@host',
        createdAt: '2026-11-20T01:00:00.000Z',
        override: null,
      });
      time = '2026-11-20T02:30:00.000Z';
      const second = await store.commit(publishRequest());
      expect(second).toEqual({
        version: 2,
        sdl: SUPER_2,
        sdlHash: sha256(SUPER_2),
        members: [
          { department: 'health', version: 2 },
          { department: 'tax', version: 1 },
        ],
        action: 'publish',
        department: 'health',
        restores: null,
        createdBy: 'health-ci',
        createdAt: '2026-11-20T02:30:00.000Z',
        override: null,
      });
      expect(await store.currentVersion()).toBe(2);
      expect(await store.current()).toEqual(second);
      expect(await store.supergraph(1)).toEqual(first);
      expect(await store.supergraph(2)).toEqual(second);
      expect(await store.supergraph(3)).toBeNull();
      expect(await store.supergraphs()).toEqual([second, first]);
      expect(await store.supergraphs(1)).toEqual([second]);
      expect(await store.subgraph('health')).toEqual({
        department: 'health',
        version: 2,
        sdl: HEALTH_2,
        sdlHash: sha256(HEALTH_2),
        url: 'http://127.0.0.1:4011/graphql',
        publishedBy: 'health-ci',
        publishedAt: '2026-11-20T02:30:00.000Z',
      });
      expect(await store.subgraph('tax')).toMatchObject({
        version: 1,
        sdl: TAX_1,
        publishedBy: 'gateway@host',
      });
      expect(await store.subgraph('health', 1)).toMatchObject({ version: 1, sdl: HEALTH_1 });
      expect(await store.subgraph('health', 3)).toBeNull();
      expect(await store.subgraph('transport')).toBeNull();
    });

    it('lists subgraph history newest first, of one department or of all (insertion order within a commit)', async () => {
      const store = await open();
      await store.commit(bootstrapRequest());
      await store.commit(publishRequest());
      await store.commit(
        publishRequest({
          expectedCurrent: 2,
          add: [
            { department: 'health', sdl: `${HEALTH_2} extend type Query { "X" x: Int }`, url: 'http://h:1' },
          ],
        }),
      );
      expect((await store.subgraphHistory('health')).map((s) => [s.department, s.version, s.url])).toEqual([
        ['health', 3, 'http://h:1'],
        ['health', 2, 'http://127.0.0.1:4011/graphql'],
        ['health', 1, 'http://127.0.0.1:4011/graphql'],
      ]);
      expect((await store.subgraphHistory()).map((s) => `${s.department}:${s.version}`)).toEqual([
        'health:3',
        'health:2',
        'health:1',
        'tax:1',
      ]);
      expect(await store.subgraphHistory('transport')).toEqual([]);
    });

    it('makes a rollback a new version with older members, and subgraph() then answers the version it holds', async () => {
      const store = await open();
      const first = await store.commit(bootstrapRequest());
      await store.commit(publishRequest());
      time = '2026-11-20T03:00:00.000Z';
      const rolledBack = await store.commit({
        expectedCurrent: 2,
        add: [],
        keep: first.members,
        supergraphSdl: first.sdl,
        action: 'rollback',
        by: 'operator',
        restores: 1,
      });
      expect(rolledBack).toEqual({
        version: 3,
        sdl: SUPER_1,
        sdlHash: sha256(SUPER_1),
        members: first.members,
        action: 'rollback',
        department: null,
        restores: 1,
        createdBy: 'operator',
        createdAt: '2026-11-20T03:00:00.000Z',
        override: null,
      });
      expect(await store.current()).toEqual(rolledBack);
      expect(await store.subgraph('health')).toMatchObject({ version: 1, sdl: HEALTH_1 });
      expect(await store.subgraph('health', 2)).toMatchObject({ version: 2, sdl: HEALTH_2 });
      expect((await store.subgraphHistory('health')).map((s) => s.version)).toEqual([2, 1]);
      // Publishing again after the rollback numbers on from the newest stored, not the one served.
      const again = await store.commit(publishRequest({ expectedCurrent: 3, supergraphSdl: 'v4' }));
      expect(again.members).toEqual([
        { department: 'health', version: 3 },
        { department: 'tax', version: 1 },
      ]);
    });

    it('stores an override and returns it as given', async () => {
      const store = await open();
      await store.commit(bootstrapRequest());
      const override = {
        by: 'health-lead',
        reason: 'the portal release of 20 Nov drops it',
        breaks: ['portal:ClinicList', 'app:ClinicList'],
      };
      const made = await store.commit(publishRequest({ override }));
      expect(made.override).toEqual(override);
      expect((await store.supergraph(2))?.override).toEqual(override);
    });

    it('refuses a stale expectedCurrent with REGISTRY_CONFLICT and stores nothing', async () => {
      const store = await open();
      await store.commit(bootstrapRequest());
      const before = await snapshot(store);
      await expect(store.commit(bootstrapRequest())).rejects.toMatchObject({
        name: 'DataLayerError',
        code: 'REGISTRY_CONFLICT',
        message:
          'the current supergraph is v1, not none (empty registry) as checked: another publish or rollback landed first',
      });
      await expect(store.commit(publishRequest({ expectedCurrent: 5 }))).rejects.toMatchObject({
        code: 'REGISTRY_CONFLICT',
        message: 'the current supergraph is v1, not v5 as checked: another publish or rollback landed first',
      });
      expect(await snapshot(store)).toEqual(before);
    });

    it('refuses a commit checked against operations registered before others were, storing nothing', async () => {
      const store = await open();
      await store.commit(bootstrapRequest());
      await store.registerOperations('counter', [operation('CounterView')], 'ci-counter');
      const before = await snapshot(store);
      await expect(store.commit(publishRequest({ expectedOperationsRevision: 0 }))).rejects.toMatchObject({
        code: 'REGISTRY_CONFLICT',
        message:
          'channel apps registered operations since the check (revision 1, not 0): check again against them',
      });
      expect(await snapshot(store)).toEqual(before);
      expect((await store.commit(publishRequest({ expectedOperationsRevision: 1 }))).version).toBe(2);
    });

    it('writes the events of a commit in its transaction: with the version made, or not at all', async () => {
      const store = await open();
      await store.commit(bootstrapRequest());
      const made = await store.commit(
        publishRequest({
          events: (v) => [
            {
              kind: 'publish',
              actor: 'ci',
              department: 'health',
              supergraphVersion: v.version,
              summary: `made v${v.version}`,
              details: { members: v.members.length },
            },
          ],
        }),
      );
      expect((await store.events(1))[0]).toMatchObject({
        kind: 'publish',
        supergraphVersion: made.version,
        summary: 'made v2',
        details: { members: made.members.length },
      });
      const before = await snapshot(store);
      await expect(
        store.commit(
          publishRequest({
            expectedCurrent: 2,
            events: () => [
              {
                kind: 'nonsense' as never,
                actor: 'ci',
                department: null,
                supergraphVersion: null,
                summary: '',
                details: null,
              },
            ],
          }),
        ),
      ).rejects.toThrow('appendEvent: kind must be one of');
      expect(await snapshot(store)).toEqual(before);
    });

    it('lets exactly one of two concurrent commits against one version land, on one store and on two', async () => {
      const a = await open();
      const b = await open();
      const results = await Promise.allSettled([
        a.commit(bootstrapRequest({ by: 'first' })),
        b.commit(bootstrapRequest({ by: 'second' })),
      ]);
      const landed = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected');
      expect(landed).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'REGISTRY_CONFLICT' });
      const winner = (landed[0] as PromiseFulfilledResult<{ createdBy: string }>).value.createdBy;
      expect(await b.currentVersion()).toBe(1);
      expect((await a.subgraphHistory()).map((s) => [s.department, s.version, s.publishedBy])).toEqual([
        ['health', 1, winner],
        ['tax', 1, winner],
      ]);

      const racers = await Promise.allSettled(
        [a, b, a, b, a].map((s, i) => s.commit(publishRequest({ by: `racer-${i}` }))),
      );
      expect(racers.map((r) => r.status).sort()).toEqual([
        'fulfilled',
        'rejected',
        'rejected',
        'rejected',
        'rejected',
      ]);
      for (const r of racers)
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'REGISTRY_CONFLICT' });
      expect((await a.supergraphs()).map((s) => s.version)).toEqual([2, 1]);
      expect((await b.subgraphHistory('health')).map((s) => s.version)).toEqual([2, 1]);
    });

    it('refuses a malformed commit (a department twice, in add and keep, no subgraph) with an Error, storing nothing', async () => {
      const store = await open();
      await store.commit(bootstrapRequest());
      const before = await snapshot(store);
      await expect(
        store.commit(publishRequest({ keep: [{ department: 'health', version: 1 }] })),
      ).rejects.toThrow(new Error('commit: department health appears more than once in add and keep'));
      await expect(
        store.commit(
          publishRequest({
            add: [
              { department: 'tax', sdl: TAX_1, url: 'http://t' },
              { department: 'tax', sdl: TAX_1, url: 'http://t' },
            ],
            keep: [],
          }),
        ),
      ).rejects.toThrow(new Error('commit: department tax appears more than once in add and keep'));
      await expect(store.commit(publishRequest({ add: [], keep: [] }))).rejects.toThrow(
        new Error('commit: a supergraph needs at least one subgraph (add or keep)'),
      );
      await expect(store.commit(publishRequest({ expectedCurrent: 0 }))).rejects.toThrow(
        new Error('commit: expectedCurrent must be null or a version number: 0'),
      );
      await expect(store.commit(publishRequest({ supergraphSdl: '' }))).rejects.toThrow(
        new Error('commit: supergraphSdl must be a non-empty string'),
      );
      expect(await snapshot(store)).toEqual(before);
    });

    it('refuses to keep or restore a version it does not hold with VERSION_NOT_FOUND, storing nothing', async () => {
      const store = await open();
      await store.commit(bootstrapRequest());
      const before = await snapshot(store);
      await expect(
        store.commit(publishRequest({ keep: [{ department: 'tax', version: 7 }] })),
      ).rejects.toMatchObject({
        code: 'VERSION_NOT_FOUND',
        message: 'commit keeps tax v7, which is not stored',
      });
      await expect(
        store.commit({
          expectedCurrent: 1,
          add: [],
          keep: [{ department: 'health', version: 1 }],
          supergraphSdl: SUPER_1,
          action: 'rollback',
          by: 'operator',
          restores: 9,
        }),
      ).rejects.toMatchObject({
        code: 'VERSION_NOT_FOUND',
        message: 'commit restores supergraph v9, which is not stored',
      });
      expect(await snapshot(store)).toEqual(before);
    });

    it('sums usage per (operation, client) across batches and within one, keeping first and last seen', async () => {
      const store = await open();
      const other = sample({ client: 'counter', count: 4, at: '2026-11-20T01:00:00.000Z' });
      await store.recordUsage([
        sample({ count: 2, at: '2026-11-20T01:00:05.000Z' }),
        sample({ count: 3, at: '2026-11-20T01:00:01.000Z' }),
        other,
      ]);
      await store.recordUsage([sample({ count: 5, at: '2026-11-20T01:10:00.000Z' })]);
      await store.recordUsage([sample({ count: 1, at: '2026-11-19T23:00:00.000Z' })]); // a late flush
      await store.recordUsage([]);
      expect(await store.usedOperations('2026-11-01T00:00:00.000Z')).toEqual([
        {
          id: other.id,
          name: 'Health',
          body: other.body,
          client: 'counter',
          count: 4,
          firstSeen: '2026-11-20T01:00:00.000Z',
          lastSeen: '2026-11-20T01:00:00.000Z',
        },
        {
          id: other.id,
          name: 'Health',
          body: other.body,
          client: 'portal',
          count: 11,
          firstSeen: '2026-11-19T23:00:00.000Z',
          lastSeen: '2026-11-20T01:10:00.000Z',
        },
      ]);
    });

    it('prunes usage last seen before a time, and only that', async () => {
      const store = await open();
      await store.recordUsage([
        sample({ client: 'portal', at: '2026-10-01T00:00:00.000Z' }),
        sample({ client: 'counter', at: '2026-10-01T00:00:00.000Z' }),
        sample({ client: 'counter', at: '2026-11-20T01:00:00.000Z' }), // the same sum, seen again since
        sample({ client: 'app', at: '2026-11-20T01:00:00.000Z' }),
      ]);
      expect(await store.pruneUsage('2026-11-20T09:00:00+08:00')).toBe(1);
      expect((await store.usedOperations('1970-01-01T00:00:00.000Z')).map((u) => u.client)).toEqual([
        'app',
        'counter',
      ]);
      expect(await store.pruneUsage('2026-11-20T01:00:00.000Z')).toBe(0);
      await expect(store.pruneUsage('a while ago')).rejects.toThrow(
        new Error('pruneUsage: before must be an ISO 8601 time: a while ago'),
      );
    });

    it('answers usage seen at or after `since` only, whatever the offset `since` is written in', async () => {
      const store = await open();
      const anonymous = sample({
        id: sha256('{ health }'),
        name: null,
        body: '{ health }',
        client: 'svc-stats',
      });
      await store.recordUsage([
        sample({ at: '2026-10-01T00:00:00.000Z' }),
        { ...anonymous, at: '2026-11-20T01:00:00.000Z' },
      ]);
      const used = (since: string) =>
        store.usedOperations(since).then((u) => u.map((o) => [o.client, o.name]));
      expect(await used('2026-11-20T01:00:00.000Z')).toEqual([['svc-stats', null]]);
      expect(await used('2026-11-20T09:00:00+08:00')).toEqual([['svc-stats', null]]);
      expect(await used('2026-11-20T01:00:00.001Z')).toEqual([]);
      expect(await used('2026-10-01T00:00:00Z')).toEqual([
        ['portal', 'Health'],
        ['svc-stats', null],
      ]);
      await expect(store.usedOperations('last month')).rejects.toThrow(
        new Error('usedOperations: since must be an ISO 8601 time: last month'),
      );
    });

    it('refuses a batch with one bad sample whole, recording none of it', async () => {
      const store = await open();
      await store.recordUsage([sample()]);
      const before = await snapshot(store);
      await expect(store.recordUsage([sample({ count: 2 }), sample({ count: 0 })])).rejects.toThrow(
        new Error('recordUsage: sample 1: count must be a whole number, at least 1: 0'),
      );
      await expect(store.recordUsage([sample({ count: 1.5 })])).rejects.toThrow(
        new Error('recordUsage: sample 0: count must be a whole number, at least 1: 1.5'),
      );
      await expect(store.recordUsage([sample({ at: 'yesterday' })])).rejects.toThrow(
        new Error('recordUsage: sample 0: at must be an ISO 8601 time: yesterday'),
      );
      await expect(store.recordUsage([sample({ client: '' })])).rejects.toThrow(
        new Error('recordUsage: sample 0: client must be a non-empty string'),
      );
      expect(await snapshot(store)).toEqual(before);
    });

    it("replaces a channel's registered operations, leaves other channels, and bumps the revision each time", async () => {
      const store = await open();
      const [health, clinics, tax] = [
        operation('Health'),
        operation('Clinics', 'clinics'),
        operation('Tax', 'tax'),
      ];
      await store.registerOperations('portal', [health, clinics], 'portal-release');
      time = '2026-11-20T01:05:00.000Z';
      await store.registerOperations('counter', [tax], 'counter-release');
      expect(await store.operationsRevision()).toBe(2);
      expect(await store.registeredOperations()).toEqual([
        {
          ...tax,
          channel: 'counter',
          registeredBy: 'counter-release',
          registeredAt: '2026-11-20T01:05:00.000Z',
        },
        {
          ...clinics,
          channel: 'portal',
          registeredBy: 'portal-release',
          registeredAt: '2026-11-20T01:00:00.000Z',
        },
        {
          ...health,
          channel: 'portal',
          registeredBy: 'portal-release',
          registeredAt: '2026-11-20T01:00:00.000Z',
        },
      ]);
      time = '2026-11-20T02:00:00.000Z';
      await store.registerOperations('portal', [health], 'portal-release-2');
      expect(await store.operationsRevision()).toBe(3);
      expect(await store.registeredOperations('portal')).toEqual([
        {
          ...health,
          channel: 'portal',
          registeredBy: 'portal-release-2',
          registeredAt: '2026-11-20T02:00:00.000Z',
        },
      ]);
      expect((await store.registeredOperations('counter')).map((o) => o.name)).toEqual(['Tax']);
      await store.registerOperations('counter', [], 'counter-retired');
      expect(await store.operationsRevision()).toBe(4);
      expect(await store.registeredOperations('counter')).toEqual([]);
      expect(await store.registeredOperations('terminal')).toEqual([]);
    });

    it('refuses a manifest listing an id twice, replacing nothing and keeping the revision', async () => {
      const store = await open();
      await store.registerOperations('portal', [operation('Health')], 'portal-release');
      const before = await snapshot(store);
      await expect(
        store.registerOperations(
          'portal',
          [operation('Tax', 'tax'), operation('Health'), operation('Health')],
          'x',
        ),
      ).rejects.toThrow(
        new Error(`registerOperations: portal operation 2: id ${operation('Health').id} is listed twice`),
      );
      await expect(
        store.registerOperations(
          'portal',
          [{ ...operation('Tax', 'tax'), type: 'fragment' as 'query' }],
          'x',
        ),
      ).rejects.toThrow(
        new Error(
          'registerOperations: portal operation 0: type must be one of query, mutation, subscription: fragment',
        ),
      );
      expect(await snapshot(store)).toEqual(before);
    });

    it('lists events newest first, numbered, stamped, with their details as given', async () => {
      const store = await open();
      const details = {
        report: {
          ok: false,
          problems: [{ code: 'SCHEMA_INVALID', message: '字段 "出生日期" 没有描述', line: 3 }],
        },
        override: null,
        breaks: ['portal:ClinicList'],
        ratio: 0.25,
      };
      await store.appendEvent({
        kind: 'refused',
        actor: 'health-ci',
        department: 'health',
        supergraphVersion: null,
        summary: 'health v2 refused: SCHEMA_INVALID',
        details,
      });
      time = '2026-11-20T01:00:01.000Z';
      await store.appendEvent({
        kind: 'publish',
        actor: 'health-ci',
        department: 'health',
        supergraphVersion: 2,
        summary: 'health v2 published → supergraph v2',
        details: undefined,
      });
      time = '2026-11-20T01:00:02.000Z';
      await store.appendEvent({
        kind: 'register-operations',
        actor: 'portal-release',
        department: null,
        supergraphVersion: null,
        summary: 'portal registered 2 operations',
        details: ['Health', 'Clinics'],
      });
      const events = await store.events();
      expect(events).toEqual([
        {
          id: 3,
          at: '2026-11-20T01:00:02.000Z',
          kind: 'register-operations',
          actor: 'portal-release',
          department: null,
          supergraphVersion: null,
          summary: 'portal registered 2 operations',
          details: ['Health', 'Clinics'],
        },
        {
          id: 2,
          at: '2026-11-20T01:00:01.000Z',
          kind: 'publish',
          actor: 'health-ci',
          department: 'health',
          supergraphVersion: 2,
          summary: 'health v2 published → supergraph v2',
          details: null,
        },
        {
          id: 1,
          at: '2026-11-20T01:00:00.000Z',
          kind: 'refused',
          actor: 'health-ci',
          department: 'health',
          supergraphVersion: null,
          summary: 'health v2 refused: SCHEMA_INVALID',
          details,
        },
      ]);
      expect((await store.events(2)).map((e) => e.id)).toEqual([3, 2]);
    });

    it('stores a U+0000 in an event as U+FFFD (PostgreSQL cannot hold it), leaving an escaped one as text', async () => {
      const store = await open();
      await store.appendEvent({
        kind: 'refused',
        actor: 'a\u0000b',
        department: null,
        supergraphVersion: null,
        summary: 'bad \u0000 input',
        details: { message: 'x\u0000y', literal: 'x\\u0000y' },
      });
      expect(await store.events()).toMatchObject([
        {
          actor: 'a\ufffdb',
          summary: 'bad \ufffd input',
          details: { message: 'x\ufffdy', literal: 'x\\u0000y' },
        },
      ]);
    });

    it('refuses a malformed event or list limit with an Error, storing nothing', async () => {
      const store = await open();
      const event = {
        kind: 'published',
        actor: 'x',
        department: null,
        supergraphVersion: null,
        summary: 's',
        details: {},
      };
      await expect(store.appendEvent(event as never)).rejects.toThrow(
        new Error(
          'appendEvent: kind must be one of bootstrap, publish, override, rollback, refused, register-operations: published',
        ),
      );
      await expect(store.appendEvent({ ...event, kind: 'publish', supergraphVersion: 0 })).rejects.toThrow(
        new Error('appendEvent: supergraphVersion must be null or a version number: 0'),
      );
      await expect(store.events(0)).rejects.toThrow(
        new Error('events: limit must be a whole number, at least 1: 0'),
      );
      await expect(store.supergraphs(-1)).rejects.toThrow(
        new Error('supergraphs: limit must be a whole number, at least 1: -1'),
      );
      expect(await store.events()).toEqual([]);
    });

    it('shows one store the commits, usage and registrations another one made', async () => {
      const writer = await open();
      const reader = await open();
      expect(await reader.currentVersion()).toBeNull();
      await writer.commit(bootstrapRequest());
      await writer.recordUsage([sample({ count: 3 })]);
      await reader.recordUsage([sample({ count: 4 })]);
      await writer.registerOperations('app', [operation('Health')], 'app-release');
      expect(await reader.currentVersion()).toBe(1);
      expect(await reader.current()).toEqual(await writer.current());
      expect((await writer.usedOperations('2026-11-01T00:00:00Z')).map((u) => u.count)).toEqual([7]);
      expect(await reader.operationsRevision()).toBe(1);
    });

    it('closes twice without failing', async () => {
      const store = await target.open();
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}
