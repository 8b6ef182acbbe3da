import { CALL_TIMEOUT_MS, LEGACY_SYSTEMS, legacyPolicy, type LegacySystem } from './policy';
/** Freshness of every cached record, in ms: a second later, every record is past it. */
const CACHE_TTL_MS = 200;
/** How long past its freshness human resources' records may be served stale, in ms (the others: 60 s). */
const HR_STALE_IF_ERROR_MS = 2_000;
process.env.LEGACY_POLICY = legacyPolicy(
  {
    timeoutMs: CALL_TIMEOUT_MS,
    breaker: { volumeThreshold: 1_000_000 },
    retry: { attempts: 0 },
    cacheTtlMs: CACHE_TTL_MS,
    staleIfErrorMs: 60_000,
  },
  { 'human-resources': { staleIfErrorMs: HR_STALE_IF_ERROR_MS } },
);
import { startStack, type GraphQLReply, type Stack } from '../helpers/stack';
import { FIELDS_OF, errorShapes, sortedShapes, timedCounterView, untilHealthy } from './counter-view';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Why each system's call failed under the maintenance fault: its own maintenance reply, except the
 * embedded SQLite tax database, where maintenance is a file lock that reads as a timeout.
 */
const CAUSE: Record<LegacySystem, string> = {
  'public-security': 'IN_MAINTENANCE',
  'market-supervision': 'IN_MAINTENANCE',
  health: 'IN_MAINTENANCE',
  housing: 'IN_MAINTENANCE',
  tax: 'DEPARTMENT_TIMEOUT',
  'human-resources': 'IN_MAINTENANCE',
  'big-data-center': 'IN_MAINTENANCE',
};

/**
 * The fields each system's cached records answer in the view (more than fail when it is down:
 * market supervision's licences are only asked for once its company list answered).
 */
const STALE_PATHS: Record<LegacySystem, (string | number)[][]> = {
  ...FIELDS_OF,
  'market-supervision': [
    ['person', 'companies'],
    ['person', 'companies', 0, 'licences'],
  ],
  // The person, and the restaurant's legal representative (Zhang Wei again, fetched as an entity).
  'public-security': [['person'], ['person', 'companies', 0, 'legalRepresentative']],
};

describe('stale-if-error: a failing system with a warm cache', () => {
  let stack: Stack;
  let healthy: GraphQLReply;
  beforeAll(async () => {
    stack = await startStack({ people: 20, requestTimeoutMs: 1_500, tax: { busyTimeoutMs: 200 } });
    healthy = (await timedCounterView(stack)).reply;
  }, 60_000);
  afterAll(() => stack?.close());

  /**
   * A reply served from the cache, with the whole seconds its records may be old: from the moment
   * the warm-up began (nothing was fresh then) and from the moment it ended, to the failing view's
   * answer and its question. On a calm machine both ends floor to one figure; on a loaded one the
   * views take long enough to straddle a second, and either figure is then right.
   */
  interface Served {
    reply: GraphQLReply;
    ages: number[];
  }

  /** Warms every cache with a healthy view, lets `ageMs` pass, then puts `systems` in maintenance and asks again. */
  async function failAfter(systems: readonly LegacySystem[], ageMs: number): Promise<Served> {
    await sleep(CACHE_TTL_MS + 50); // what the previous test cached is past its freshness: the warm-up reads live
    const warmedFrom = Date.now();
    await untilHealthy(stack, healthy);
    const warmedTo = Date.now();
    await sleep(ageMs);
    for (const system of systems) stack.mocks[system]!.controller.set({ maintenanceRetryAfter: 30 });
    const asked = Date.now();
    try {
      const reply = (await timedCounterView(stack)).reply;
      const youngest = Math.floor((asked - warmedTo) / 1000);
      const oldest = Math.floor((Date.now() - warmedFrom) / 1000);
      return { reply, ages: Array.from({ length: oldest - youngest + 1 }, (_, i) => youngest + i) };
    } finally {
      for (const system of systems) stack.mocks[system]!.controller.clear();
    }
  }

  /**
   * The reply's errors, each stale mark's `ageSeconds` checked against `ages` on its own (the
   * records were cached and failed at their own moments, so two may straddle a second) and then
   * left out, so the shapes compare exactly otherwise.
   */
  function agesChecked({ reply, ages }: Served) {
    return sortedShapes(
      errorShapes(reply).map((e) => {
        if (e.extensions.code !== 'STALE_DATA') return e;
        const { ageSeconds, ...rest } = e.extensions;
        expect(ages).toContain(ageSeconds);
        return { ...e, extensions: rest };
      }),
    );
  }

  /** The marks `system`'s cached fields carry at `paths` (their age checked apart: agesChecked). */
  function staleEntries(system: LegacySystem, paths: (string | number)[][]) {
    const extensions = { code: 'STALE_DATA', department: system, cause: CAUSE[system] };
    return sortedShapes(paths.map((path) => ({ path, extensions })));
  }

  it.each(LEGACY_SYSTEMS.filter((s) => s !== 'public-security'))(
    '%s: serves its fields from the cache, each marked STALE_DATA with its path, age and cause',
    async (system) => {
      // Past its freshness (200 ms), well within its maximum staleness: 0 whole seconds old when calm.
      const served = await failAfter([system], CACHE_TTL_MS + 100);
      expect({ data: served.reply.body.data, errors: agesChecked(served) }).toEqual({
        data: healthy.body.data,
        errors: staleEntries(system, STALE_PATHS[system]),
      });
    },
  );

  it('public-security: serves the person from the cache, marked STALE_DATA at `person`', async () => {
    const served = await failAfter(['public-security'], CACHE_TTL_MS + 100);
    expect(served.reply.body.data).toEqual(healthy.body.data);
    expect(agesChecked(served)).toEqual(
      expect.arrayContaining(staleEntries('public-security', [['person']])),
    );
  });

  // Known bug (reported): a record served stale to `__resolveReference` (here the legal representative,
  // fetched through `_entities`) carries no mark, because `_entities` resolves to a list of promises
  // that trackStaleness (subgraphs/kit/staleness-plugin.ts) does not wait for. Turn into `it` once fixed.
  it('public-security: also marks the legal representative it resolved as an entity', async () => {
    const served = await failAfter(['public-security'], CACHE_TTL_MS + 100);
    expect(agesChecked(served)).toEqual(staleEntries('public-security', STALE_PATHS['public-security']));
  });

  it('serves the whole view from the cache when all seven systems are down, with each age in seconds', async () => {
    // Warmed 1.1 s before: one whole second old when calm.
    const served = await failAfter(LEGACY_SYSTEMS, 1_100);
    expect(served.reply.body.data).toEqual(healthy.body.data);
    const errors = agesChecked(served);
    const marks = LEGACY_SYSTEMS.flatMap((system) =>
      staleEntries(system, system === 'public-security' ? [['person']] : STALE_PATHS[system]),
    );
    expect(errors).toEqual(expect.arrayContaining(marks));
    for (const e of errors) expect(e.extensions.code).toBe('STALE_DATA');
  });

  it('serves nothing older than cacheTtlMs + staleIfErrorMs: past it, the failure shows', async () => {
    const { reply } = await failAfter(['human-resources'], CACHE_TTL_MS + HR_STALE_IF_ERROR_MS + 200);
    expect({ data: reply.body.data, errors: errorShapes(reply) }).toEqual({
      data: { person: { ...(healthy.body.data!.person as object), socialSecurity: null } },
      errors: [
        {
          path: ['person', 'socialSecurity'],
          extensions: { code: 'IN_MAINTENANCE', department: 'human-resources', retryAfter: 30 },
        },
      ],
    });
  });
});
