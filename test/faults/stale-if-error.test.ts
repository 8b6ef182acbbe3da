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

  /** Warms every cache with a healthy view, lets `ageMs` pass, then puts `system` in maintenance and asks again. */
  async function failAfter(system: LegacySystem, ageMs: number): Promise<GraphQLReply> {
    await sleep(CACHE_TTL_MS + 50); // what the previous test cached is past its freshness: the warm-up reads live
    await untilHealthy(stack, healthy);
    await sleep(ageMs);
    stack.mocks[system]!.controller.set({ maintenanceRetryAfter: 30 });
    try {
      return (await timedCounterView(stack)).reply;
    } finally {
      stack.mocks[system]!.controller.clear();
    }
  }

  function staleEntries(system: LegacySystem, paths: (string | number)[][], ageSeconds: number) {
    const extensions = { code: 'STALE_DATA', department: system, ageSeconds, cause: CAUSE[system] };
    return sortedShapes(paths.map((path) => ({ path, extensions })));
  }

  it.each(LEGACY_SYSTEMS.filter((s) => s !== 'public-security'))(
    '%s: serves its fields from the cache, each marked STALE_DATA with its path, age and cause',
    async (system) => {
      // Past its freshness (200 ms), well within its maximum staleness: 0 whole seconds old.
      const reply = await failAfter(system, CACHE_TTL_MS + 100);
      expect({ data: reply.body.data, errors: errorShapes(reply) }).toEqual({
        data: healthy.body.data,
        errors: staleEntries(system, STALE_PATHS[system], 0),
      });
    },
  );

  it('public-security: serves the person from the cache, marked STALE_DATA at `person`', async () => {
    const reply = await failAfter('public-security', CACHE_TTL_MS + 100);
    expect(reply.body.data).toEqual(healthy.body.data);
    expect(errorShapes(reply)).toEqual(
      expect.arrayContaining(staleEntries('public-security', [['person']], 0)),
    );
  });

  // Known bug (reported): a record served stale to `__resolveReference` (here the legal representative,
  // fetched through `_entities`) carries no mark, because `_entities` resolves to a list of promises
  // that trackStaleness (subgraphs/kit/staleness-plugin.ts) does not wait for. Turn into `it` once fixed.
  it('public-security: also marks the legal representative it resolved as an entity', async () => {
    const reply = await failAfter('public-security', CACHE_TTL_MS + 100);
    expect(errorShapes(reply)).toEqual(staleEntries('public-security', STALE_PATHS['public-security'], 0));
  });

  it('serves the whole view from the cache when all seven systems are down, with each age in seconds', async () => {
    await sleep(CACHE_TTL_MS + 50);
    await untilHealthy(stack, healthy);
    // Warmed 1.1 s before and answered well within 0.9 s: one whole second old.
    await sleep(1_100);
    for (const system of LEGACY_SYSTEMS) stack.mocks[system]!.controller.set({ maintenanceRetryAfter: 30 });
    let reply: GraphQLReply;
    try {
      reply = (await timedCounterView(stack)).reply;
    } finally {
      for (const system of LEGACY_SYSTEMS) stack.mocks[system]!.controller.clear();
    }
    expect(reply.body.data).toEqual(healthy.body.data);
    const marks = LEGACY_SYSTEMS.flatMap((system) =>
      staleEntries(system, system === 'public-security' ? [['person']] : STALE_PATHS[system], 1),
    );
    expect(errorShapes(reply)).toEqual(expect.arrayContaining(marks));
    for (const e of errorShapes(reply))
      expect(e.extensions).toMatchObject({ code: 'STALE_DATA', ageSeconds: 1 });
  });

  it('serves nothing older than cacheTtlMs + staleIfErrorMs: past it, the failure shows', async () => {
    const reply = await failAfter('human-resources', CACHE_TTL_MS + HR_STALE_IF_ERROR_MS + 200);
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
