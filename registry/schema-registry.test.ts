import path from 'node:path';
import { DataLayerError } from '../adapters/kit/errors';
import { operationId, type PersistedOperation } from '../gateway/limits/safelist';
import { RegistryRefusal } from './checks/report';
import { ourSdl, ourSubgraphs, ROOT } from './checks/test-support';
import { SqliteRegistryStore } from './store/sqlite-store';
import type { CommitRequest, RegistryStore } from './model';
import { SchemaRegistry } from './schema-registry';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const SAFELIST = path.join(ROOT, 'gateway', 'persisted-operations');
const DAY = 86_400_000;

function openStore(): RegistryStore {
  return SqliteRegistryStore.open(':memory:', { now: () => NOW });
}

async function bootstrapped(
  options: { pruneUsage?: boolean } = {},
): Promise<{ store: RegistryStore; registry: SchemaRegistry }> {
  const store = openStore();
  const registry = new SchemaRegistry(store, { now: () => NOW, usageWindowDays: 30, ...options });
  await registry.bootstrap(ourSubgraphs(), 'bootstrap-test', SAFELIST);
  return { store, registry };
}

/** What a refused change must leave as it was: the current version, and the department's subgraph. */
async function snapshot(store: RegistryStore, department: string) {
  return {
    version: await store.currentVersion(),
    supergraph: (await store.current())?.sdlHash,
    subgraph: (await store.subgraph(department))?.sdl,
    registered: (await store.registeredOperations()).length,
  };
}

/** `store`, running `race` before each commit it is asked for (another gateway publishing first). */
function beforeCommit(store: RegistryStore, race: () => Promise<void>): RegistryStore {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'commit')
        return async (request: CommitRequest) => {
          await race();
          return target.commit(request);
        };
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The error `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<DataLayerError> {
  try {
    await promise;
  } catch (e) {
    return e as DataLayerError;
  }
  throw new Error('expected a rejection');
}

/** health's schema with a described field added to BirthMedicalCertificate. */
const healthWithLength = ourSdl('health').replace(
  '  "Birth weight in grams."',
  '  "Birth length in centimetres."\n  lengthCm: Int\n  "Birth weight in grams."',
);
/** human-resources without SocialSecurity.contributionMonths, which the counter's CounterView reads. */
const hrWithoutMonths = ourSdl('human-resources').replace(/\n\s*"[^"\n]*"\n\s*contributionMonths: Int!/, '');
/** health without HealthCertificate.number, which no channel registered. */
const healthWithoutNumber = ourSdl('health').replace(
  '  "Number printed on the certificate."\n  number: String!\n  "First day of validity."',
  '  "First day of validity."',
);

describe('SchemaRegistry', () => {
  describe('options', () => {
    it('refuses a usage window that is not a whole number of days', () => {
      expect(() => new SchemaRegistry(openStore(), { usageWindowDays: 0 })).toThrow(
        'usageWindowDays must be a whole number of days, at least 1: 0',
      );
    });

    it('stops start-up on a bad REGISTRY_USAGE_WINDOW_DAYS, naming it', () => {
      process.env.REGISTRY_USAGE_WINDOW_DAYS = 'soon';
      try {
        expect(() => new SchemaRegistry(openStore())).toThrow(
          'REGISTRY_USAGE_WINDOW_DAYS must be a number of days from 1 to 3650: soon',
        );
      } finally {
        delete process.env.REGISTRY_USAGE_WINDOW_DAYS;
      }
    });
  });

  describe('bootstrap', () => {
    it('commits our 9 subgraphs as version 1 and registers the channel manifests', async () => {
      const store = openStore();
      const registry = new SchemaRegistry(store, { now: () => NOW });
      const v1 = await registry.bootstrap(ourSubgraphs(), 'ops', SAFELIST);
      expect(v1).toMatchObject({ version: 1, action: 'bootstrap', createdBy: 'ops', department: null });
      const byName = (a: { department: string }, b: { department: string }) =>
        a.department.localeCompare(b.department);
      expect([...v1!.members].sort(byName)).toEqual(
        ourSubgraphs()
          .map((s) => ({ department: s.name, version: 1 }))
          .sort(byName),
      );
      expect((await store.registeredOperations('counter')).map((o) => o.name)).toEqual([
        'CounterView',
        'TransitionCase',
      ]);
      expect((await store.registeredOperations()).length).toBe(11);
      expect((await store.events()).map((e) => e.kind)).toEqual([
        'register-operations',
        'register-operations',
        'register-operations',
        'register-operations',
        'bootstrap',
      ]);
      expect((await store.events()).at(-1)!.summary).toBe('bootstrap of 9 subgraphs by ops → supergraph v1');
    });

    it('does nothing when the registry is not empty', async () => {
      const { store, registry } = await bootstrapped();
      expect(await registry.bootstrap(ourSubgraphs(), 'ops')).toBeNull();
      expect(await store.currentVersion()).toBe(1);
    });

    it('refuses an unknown department and stores nothing', async () => {
      const store = openStore();
      const registry = new SchemaRegistry(store, { now: () => NOW });
      const sources = [...ourSubgraphs(), { name: 'rogue', url: 'http://x/graphql', sdl: ourSdl('health') }];
      expect((await failure(registry.bootstrap(sources, 'ops'))).code).toBe('UNKNOWN_DEPARTMENT');
      expect(await store.currentVersion()).toBeNull();
    });
  });

  describe('check', () => {
    it('passes every current subgraph as it is, unchanged', async () => {
      const { registry } = await bootstrapped();
      for (const s of ourSubgraphs()) {
        const report = await registry.check(s.name, s.sdl);
        expect(report).toMatchObject({
          ok: true,
          unchanged: true,
          baseVersion: 1,
          problems: [],
          brokenOperations: [],
        });
        // 11 registered, VerifyDigitalId by both app and terminal: 10 distinct operations.
        expect(report.checkedOperations).toBe(10);
      }
    });

    it('throws UNKNOWN_DEPARTMENT for a department that does not exist', async () => {
      const { registry } = await bootstrapped();
      const e = await failure(registry.check('<script>', ourSdl('health')));
      expect(e).toBeInstanceOf(DataLayerError);
      expect(e.code).toBe('UNKNOWN_DEPARTMENT');
      expect(e.message).toMatch(/^no department "\\u003cscript\\u003e"; known: public-security, /);
    });

    it('lists the breaking change of a field removal', async () => {
      const { registry } = await bootstrapped();
      const report = await registry.check('health', healthWithoutNumber);
      expect(report.changes).toEqual([
        { severity: 'breaking', type: 'FIELD_REMOVED', description: 'HealthCertificate.number was removed.' },
      ]);
      expect(report.ok).toBe(true);
    });
  });

  describe('publish', () => {
    it('lands a compatible change: a new subgraph version and a supergraph that has it', async () => {
      const { store, registry } = await bootstrapped();
      const { report, supergraph, unchanged } = await registry.publish({
        department: 'health',
        sdl: healthWithLength,
        by: 'ci-health',
      });
      expect(unchanged).toBe(false);
      expect(report).toMatchObject({ ok: true, baseVersion: 1, problems: [], brokenOperations: [] });
      expect(report.changes).toEqual([]);
      expect(supergraph).toMatchObject({
        version: 2,
        action: 'publish',
        department: 'health',
        override: null,
      });
      expect(supergraph.sdl).toContain('lengthCm: Int');
      expect(supergraph.members.find((m) => m.department === 'health')).toEqual({
        department: 'health',
        version: 2,
      });
      expect(await store.currentVersion()).toBe(2);
      expect(await store.subgraph('health')).toMatchObject({
        version: 2,
        sdl: healthWithLength,
        url: 'http://127.0.0.1:4003/graphql',
        publishedBy: 'ci-health',
      });
      expect((await store.events(1))[0]).toMatchObject({
        kind: 'publish',
        actor: 'ci-health',
        department: 'health',
        supergraphVersion: 2,
        summary: 'health v2 published by ci-health → supergraph v2',
      });
    });

    it('lands nothing for the same schema as the current one', async () => {
      const { store, registry } = await bootstrapped();
      const events = (await store.events()).length;
      const result = await registry.publish({ department: 'health', sdl: ourSdl('health'), by: 'ci-health' });
      expect(result.unchanged).toBe(true);
      expect(result.supergraph.version).toBe(1);
      expect(await store.currentVersion()).toBe(1);
      expect((await store.events()).length).toBe(events);
    });

    it('refuses removing a field a registered operation uses, naming it, its channel and owner', async () => {
      const { store, registry } = await bootstrapped();
      const before = await snapshot(store, 'human-resources');
      const e = await failure(
        registry.publish({ department: 'human-resources', sdl: hrWithoutMonths, by: 'ci-hr' }),
      );
      expect(e).toBeInstanceOf(RegistryRefusal);
      const refusal = e as RegistryRefusal;
      expect(refusal.code).toBe('OPERATIONS_WOULD_BREAK');
      expect(refusal.report.problems).toEqual([]);
      expect(refusal.report.brokenOperations).toEqual([
        {
          id: operationId((await store.registeredOperations('counter'))[0]!.body),
          name: 'CounterView',
          source: 'registered',
          client: 'counter',
          owner: 'Service centre counter team',
          errors: [
            'Cannot query field "contributionMonths" on type "SocialSecurity". Did you mean "lastContributionMonth"?',
          ],
        },
      ]);
      expect(refusal.message).toContain(
        'CounterView (counter, Service centre counter team): Cannot query field "contributionMonths" on type "SocialSecurity".',
      );
      expect(await snapshot(store, 'human-resources')).toEqual(before);
      expect((await store.events(1))[0]).toMatchObject({
        kind: 'refused',
        actor: 'ci-hr',
        department: 'human-resources',
        supergraphVersion: null,
        summary:
          'human-resources refused for ci-hr: OPERATIONS_WOULD_BREAK (0 problem(s), 1 broken operation(s))',
      });
    });

    it('lands the same removal with an override, and records it', async () => {
      const { store, registry } = await bootstrapped();
      const { supergraph, report } = await registry.publish({
        department: 'human-resources',
        sdl: hrWithoutMonths,
        by: 'ci-hr',
        override: { reason: ' counter console 2.4 no longer shows it ' },
      });
      expect(report.brokenOperations.map((o) => o.name)).toEqual(['CounterView']);
      expect(supergraph.version).toBe(2);
      expect(supergraph.override).toEqual({
        by: 'ci-hr',
        reason: 'counter console 2.4 no longer shows it',
        breaks: ['counter:CounterView'],
      });
      expect((await store.current())!.override).toEqual(supergraph.override);
      expect(supergraph.sdl).not.toContain('contributionMonths');
      const [publish, override] = await store.events(2);
      expect(publish!.kind).toBe('publish');
      expect(override).toMatchObject({
        kind: 'override',
        supergraphVersion: 2,
        summary:
          'human-resources v2 published by ci-hr over 1 broken operation(s): counter console 2.4 no longer shows it',
      });
    });

    it('refuses an override without a reason', async () => {
      const { store, registry } = await bootstrapped();
      const before = await snapshot(store, 'human-resources');
      const e = await failure(
        registry.publish({
          department: 'human-resources',
          sdl: hrWithoutMonths,
          by: 'ci-hr',
          override: { reason: ' ' },
        }),
      );
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(await snapshot(store, 'human-resources')).toEqual(before);
    });

    it('refuses removing a field used only in traffic within the window, and lands it once outside', async () => {
      const body =
        'query HealthCerts($id: ID!) { person(id: $id) { healthCertificates { number validFrom } } }';
      const sample = { id: operationId(body), name: 'HealthCerts', body, client: 'kiosk-7', count: 4 };
      const { store, registry } = await bootstrapped();
      await store.recordUsage([{ ...sample, at: new Date(NOW.getTime() - 5 * DAY).toISOString() }]);
      const before = await snapshot(store, 'health');
      const e = (await failure(
        registry.publish({ department: 'health', sdl: healthWithoutNumber, by: 'ci-health' }),
      )) as RegistryRefusal;
      expect(e.code).toBe('OPERATIONS_WOULD_BREAK');
      expect(e.report.checkedOperations).toBe(11);
      expect(e.report.brokenOperations).toEqual([
        {
          id: sample.id,
          name: 'HealthCerts',
          source: 'traffic',
          client: 'kiosk-7',
          owner: 'Data layer platform team',
          errors: ['Cannot query field "number" on type "HealthCertificate".'],
        },
      ]);
      expect(await snapshot(store, 'health')).toEqual(before);

      const old = await bootstrapped({ pruneUsage: true });
      await old.store.recordUsage([{ ...sample, at: new Date(NOW.getTime() - 31 * DAY).toISOString() }]);
      // A registry that does not prune (the CLI's) keeps it, whatever its own window.
      const kept = await bootstrapped();
      await kept.store.recordUsage([{ ...sample, at: new Date(NOW.getTime() - 31 * DAY).toISOString() }]);
      await kept.registry.publish({ department: 'health', sdl: healthWithoutNumber, by: 'ci-health' });
      expect((await kept.store.usedOperations('1970-01-01T00:00:00.000Z')).map((u) => u.client)).toEqual([
        'kiosk-7',
      ]);
      const landed = await old.registry.publish({
        department: 'health',
        sdl: healthWithoutNumber,
        by: 'ci-health',
      });
      expect(landed.report.checkedOperations).toBe(10);
      expect(landed.supergraph.version).toBe(2);
      expect(landed.supergraph.override).toBeNull();
      // The registry's landed publish dropped the usage outside the window; the refused one kept it.
      expect(await old.store.usedOperations('1970-01-01T00:00:00.000Z')).toEqual([]);
      expect((await store.usedOperations('1970-01-01T00:00:00.000Z')).map((u) => u.client)).toEqual([
        'kiosk-7',
      ]);
    });

    it('refuses a field type conflicting with the shared field of other subgraphs, naming the subgraph', async () => {
      const { store, registry } = await bootstrapped();
      const before = await snapshot(store, 'health');
      const e = (await failure(
        registry.publish({
          department: 'health',
          sdl: ourSdl('health').replace('uscc: ID!', 'uscc: Int!'),
          by: 'ci',
        }),
      )) as RegistryRefusal;
      expect(e.code).toBe('COMPOSITION_FAILED');
      expect(e.report.problems).toHaveLength(1);
      expect(e.report.problems[0]).toMatchObject({ code: 'COMPOSITION_FAILED', subgraph: 'health' });
      expect(e.report.problems[0]!.message).toMatch(
        /^FIELD_TYPE_MISMATCH: Type of field "Company.uscc" is incompatible across subgraphs: .* but type "Int!" in subgraph "health"$/,
      );
      expect(e.report.supergraphSdl).toBeNull();
      expect(e.message).toMatch(/^health refused:\nCOMPOSITION_FAILED \[health\] FIELD_TYPE_MISMATCH/);
      expect(await snapshot(store, 'health')).toEqual(before);
    });

    it('refuses a @key on a field that does not exist, naming the subgraph and reason', async () => {
      const { store, registry } = await bootstrapped();
      const before = await snapshot(store, 'health');
      const sdl = ourSdl('health').replace(
        'type Person @key(fields: "id")',
        'type Person @key(fields: "nope")',
      );
      const e = (await failure(registry.publish({ department: 'health', sdl, by: 'ci' }))) as RegistryRefusal;
      expect(e.code).toBe('COMPOSITION_FAILED');
      expect(e.report.problems.map((p) => [p.subgraph, p.message.split(':')[0]])).toEqual([
        ['health', 'KEY_INVALID_FIELDS'],
      ]);
      expect(e.report.problems[0]!.message).toContain('Cannot query field "nope" on type "Person"');
      expect(await snapshot(store, 'health')).toEqual(before);
    });

    it('refuses a schema that does not parse with its line and column, overrides notwithstanding', async () => {
      const { store, registry } = await bootstrapped();
      const before = await snapshot(store, 'health');
      const sdl = ourSdl('health').replace('  weightGrams: Int!', '  weightGrams Int!');
      const e = (await failure(
        registry.publish({ department: 'health', sdl, by: 'ci', override: { reason: 'please' } }),
      )) as RegistryRefusal;
      expect(e.code).toBe('SCHEMA_INVALID');
      expect(e.report.problems).toEqual([
        {
          code: 'SCHEMA_INVALID',
          subgraph: 'health',
          message:
            'the schema does not parse at line 28, column 15: Syntax Error: Expected ":", found Name "Int".',
        },
      ]);
      expect(await snapshot(store, 'health')).toEqual(before);
      expect((await store.events(1))[0]!.kind).toBe('refused');
    });

    it('refuses an undocumented field, naming it', async () => {
      const { store, registry } = await bootstrapped();
      const before = await snapshot(store, 'health');
      const sdl = ourSdl('health').replace(
        '  "Birth weight in grams."',
        '  lengthCm: Int\n  "Birth weight in grams."',
      );
      const e = (await failure(registry.publish({ department: 'health', sdl, by: 'ci' }))) as RegistryRefusal;
      expect(e.code).toBe('SCHEMA_INVALID');
      expect(e.report.problems).toEqual([
        {
          code: 'SCHEMA_INVALID',
          subgraph: 'health',
          message:
            'every type, field, argument and enum value needs a description; missing on "BirthMedicalCertificate.lengthCm"',
        },
      ]);
      expect(await snapshot(store, 'health')).toEqual(before);
    });

    it('refuses health declaring an enum market-supervision owns, differently, naming type and owner', async () => {
      const { store, registry } = await bootstrapped();
      const before = await snapshot(store, 'health');
      const sdl = `${ourSdl('health')}\n"Licence kinds."\nenum LicenceType {\n  "Fishing."\n  FISHING\n}\n`;
      const e = (await failure(registry.publish({ department: 'health', sdl, by: 'ci' }))) as RegistryRefusal;
      expect(e.code).toBe('TYPE_NOT_OWNED');
      expect(e.report.problems[0]).toEqual({
        code: 'TYPE_NOT_OWNED',
        subgraph: 'health',
        message:
          'type "LicenceType" is owned by market-supervision, and this declaration differs from its; declare it exactly as market-supervision does, or ask market-supervision to change it',
      });
      expect(await snapshot(store, 'health')).toEqual(before);
    });

    it('refuses an unknown department and stores nothing', async () => {
      const { store, registry } = await bootstrapped();
      const before = await snapshot(store, 'health');
      const events = (await store.events()).length;
      const e = await failure(registry.publish({ department: 'rogue', sdl: ourSdl('health'), by: 'ci' }));
      expect(e.code).toBe('UNKNOWN_DEPARTMENT');
      expect(await snapshot(store, 'health')).toEqual(before);
      expect((await store.events()).length).toBe(events);
    });

    it('refuses a url that is not http(s) and stores nothing', async () => {
      const { store, registry } = await bootstrapped();
      const before = await snapshot(store, 'health');
      const e = await failure(
        registry.publish({
          department: 'health',
          sdl: healthWithLength,
          url: 'file:///etc/passwd',
          by: 'ci',
        }),
      );
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toBe('url must be an absolute http or https URL: "file:///etc/passwd"');
      expect(await snapshot(store, 'health')).toEqual(before);
    });

    it('records the url a publish gives', async () => {
      const { store, registry } = await bootstrapped();
      const url = 'https://health.example.gov.cn/graphql';
      const { supergraph } = await registry.publish({
        department: 'health',
        sdl: healthWithLength,
        url,
        by: 'ci',
      });
      expect((await store.subgraph('health'))!.url).toBe(url);
      expect(supergraph.sdl).toContain(`HEALTH @join__graph(name: "health", url: "${url}")`);
    });

    it('lands a new url for the same schema (the supergraph records where the subgraph is)', async () => {
      const { store, registry } = await bootstrapped();
      const url = 'https://health.example.gov.cn/graphql';
      const { supergraph, unchanged } = await registry.publish({
        department: 'health',
        sdl: ourSdl('health'),
        url,
        by: 'ci',
      });
      expect([unchanged, supergraph.version, (await store.subgraph('health'))!.url]).toEqual([false, 2, url]);
      const again = await registry.publish({ department: 'health', sdl: ourSdl('health'), url, by: 'ci' });
      expect([again.unchanged, await store.currentVersion()]).toEqual([true, 2]);
    });

    it('checks again against the new current when another publish lands first', async () => {
      const { store } = await bootstrapped();
      const rival = new SchemaRegistry(store, { now: () => NOW });
      let raced = 0;
      const racing = beforeCommit(store, async () => {
        if (raced++ === 0) await rival.publish({ department: 'health', sdl: healthWithLength, by: 'rival' });
      });
      const { supergraph, report } = await new SchemaRegistry(racing, { now: () => NOW }).publish({
        department: 'health',
        sdl: healthWithoutNumber,
        by: 'ci',
      });
      expect(raced).toBe(2);
      expect(report.baseVersion).toBe(2);
      expect(supergraph.version).toBe(3);
      expect(supergraph.members.find((m) => m.department === 'health')).toEqual({
        department: 'health',
        version: 3,
      });
    });

    it('checks again, and refuses, when a channel app registers an operation the change breaks meanwhile', async () => {
      const { store, registry } = await bootstrapped();
      const body =
        'query PortalHealthNumbers($id: ID!) { person(id: $id) { healthCertificates { number } } }';
      const portal = await store.registeredOperations('portal');
      const racing = beforeCommit(store, () =>
        registry
          .registerOperations(
            'portal',
            [...portal, { id: operationId(body), name: 'PortalHealthNumbers', type: 'query', body }],
            'ci-portal',
          )
          .then(() => undefined),
      );
      const e = await failure(
        new SchemaRegistry(racing, { now: () => NOW }).publish({
          department: 'health',
          sdl: healthWithoutNumber,
          by: 'ci',
        }),
      );
      expect(e.code).toBe('OPERATIONS_WOULD_BREAK');
      expect((e as RegistryRefusal).report.brokenOperations.map((o) => [o.name, o.client])).toEqual([
        ['PortalHealthNumbers', 'portal'],
      ]);
      expect(await store.currentVersion()).toBe(1);
    });

    it('throws REGISTRY_CONFLICT when another publish lands first twice', async () => {
      const { store } = await bootstrapped();
      const rival = new SchemaRegistry(store, { now: () => NOW });
      const sdls = [healthWithLength, ourSdl('health')];
      const racing = beforeCommit(store, async () => {
        await rival.publish({ department: 'health', sdl: sdls.shift()!, by: 'rival' });
      });
      const e = await failure(
        new SchemaRegistry(racing, { now: () => NOW }).publish({
          department: 'tax',
          sdl: ourSdl('tax').replace('"""\nCalendar date', '"""\nA calendar date'),
          by: 'ci',
        }),
      );
      expect(e.code).toBe('REGISTRY_CONFLICT');
      expect(await store.currentVersion()).toBe(3);
      expect((await store.subgraph('tax'))!.version).toBe(1);
    });
  });

  describe('rollback', () => {
    it('restores the previous supergraph, and a rollback of the rollback goes forward again', async () => {
      const { store, registry } = await bootstrapped();
      const v1 = (await store.current())!;
      const v2 = (await registry.publish({ department: 'health', sdl: healthWithLength, by: 'ci-health' }))
        .supergraph;
      const v3 = await registry.rollback({ by: 'ops' });
      expect(v3).toMatchObject({
        version: 3,
        action: 'rollback',
        restores: 1,
        sdl: v1.sdl,
        members: v1.members,
      });
      expect((await store.subgraph('health'))!.sdl).toBe(ourSdl('health'));
      expect((await store.events(1))[0]).toMatchObject({
        kind: 'rollback',
        supergraphVersion: 3,
        summary: 'supergraph v3 restores v1, rolled back by ops',
      });
      const v4 = await registry.rollback({ by: 'ops' });
      expect(v4).toMatchObject({ version: 4, restores: 2, sdl: v2.sdl, members: v2.members });
      expect((await store.subgraph('health'))!.sdl).toBe(healthWithLength);
      const v5 = await registry.rollback({ to: 1, by: 'ops' });
      expect(v5).toMatchObject({ version: 5, restores: 1, sdl: v1.sdl });
    });

    it('throws VERSION_NOT_FOUND for a version that does not exist, or with nothing before the first', async () => {
      const { store, registry } = await bootstrapped();
      const to99 = await failure(registry.rollback({ to: 99, by: 'ops' }));
      expect(to99.code).toBe('VERSION_NOT_FOUND');
      expect(to99.message).toBe('no supergraph version "99" (the current one is v1)');
      expect((await failure(registry.rollback({ by: 'ops' }))).code).toBe('VERSION_NOT_FOUND');
      expect(await store.currentVersion()).toBe(1);
      const empty = new SchemaRegistry(openStore(), { now: () => NOW });
      expect((await failure(empty.rollback({ by: 'ops' }))).code).toBe('VERSION_NOT_FOUND');
    });
  });

  describe('registerOperations', () => {
    const op = (name: string, body: string): PersistedOperation => ({
      id: operationId(body),
      name,
      type: 'query',
      body,
    });
    const valid = op('PersonName', 'query PersonName($id: ID!) { person(id: $id) { id name } }');

    it('replaces the channel operations when all validate', async () => {
      const { store, registry } = await bootstrapped();
      expect(await registry.registerOperations('portal', [valid], 'portal-release')).toEqual({
        registered: 1,
      });
      expect((await store.registeredOperations('portal')).map((o) => [o.name, o.registeredBy])).toEqual([
        ['PersonName', 'portal-release'],
      ]);
    });

    it('refuses an operation that does not validate, naming it and the first error, storing nothing', async () => {
      const { store, registry } = await bootstrapped();
      const before = await store.registeredOperations('portal');
      const bad = op('Broken', 'query Broken { person(id: "1") { id shoeSize } }');
      const e = await failure(registry.registerOperations('portal', [valid, bad], 'portal-release'));
      expect(e.code).toBe('OPERATION_INVALID');
      expect(e.message).toBe(
        'portal operation "Broken" does not validate: Cannot query field "shoeSize" on type "Person".',
      );
      expect(await store.registeredOperations('portal')).toEqual(before);
    });

    it('refuses an id that is not the sha256 of the body, and an unknown channel', async () => {
      const { store, registry } = await bootstrapped();
      const before = await store.registeredOperations();
      const forged = { ...valid, id: 'f'.repeat(64) };
      const e = await failure(registry.registerOperations('portal', [forged], 'x'));
      expect(e.code).toBe('OPERATION_INVALID');
      expect(e.message).toMatch(/^portal operation "PersonName": id "f{64}" is not the sha256 of its body$/);
      const unknown = await failure(registry.registerOperations('fax', [valid], 'x'));
      expect(unknown.code).toBe('OPERATION_INVALID');
      expect(unknown.message).toBe('"fax" is not a channel (expected counter, portal, terminal, app)');
      expect(await store.registeredOperations()).toEqual(before);
    });
  });
});
