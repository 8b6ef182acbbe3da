import type { PolicyOverrides } from '../../adapters/kit/policy';

/**
 * The fault suites' policies. Kept free of heavy imports: a test file sets LEGACY_POLICY from
 * here before it imports the stack, because the policy is read once, by the first legacy
 * operation built in the file.
 */

/** The seven legacy systems (the service centre's own store is not legacy and has no mock). */
export const LEGACY_SYSTEMS = [
  'public-security',
  'market-supervision',
  'health',
  'housing',
  'tax',
  'human-resources',
  'big-data-center',
] as const;
export type LegacySystem = (typeof LEGACY_SYSTEMS)[number];

/** Per-call timeout of every legacy system in the fault suites, in ms. */
export const CALL_TIMEOUT_MS = 250;
/**
 * Per-call timeout for suites whose legacy systems never hang, in ms: a stall of the test process
 * (a schema build, a GC) must not pass for a timeout there. Still within the request's deadline.
 */
export const LONG_CALL_TIMEOUT_MS = 1_200;
/** The gateway's deadline for one GraphQL request in the fault suites, in ms. */
export const REQUEST_TIMEOUT_MS = 1_500;
/** What an answer may take beyond the deadline: the gateway assembling a partial result, in ms. */
export const DEADLINE_MARGIN_MS = 250;
/** Extra attempts after a retryable failure (DEPARTMENT_UNAVAILABLE, RATE_LIMITED without a long Retry-After). */
export const RETRY_ATTEMPTS = 2;

/**
 * The policy of the fault matrix: short timeouts so a hang costs 250 ms; no breaker (its own suite
 * opens it) and no retry budget in the way (its own suite measures it), so every cell is one
 * deterministic story; no cache worth the name, so every query reaches the legacy system.
 */
export const MATRIX_POLICY: PolicyOverrides = {
  timeoutMs: CALL_TIMEOUT_MS,
  breaker: { volumeThreshold: 1_000_000 },
  retry: { attempts: RETRY_ATTEMPTS, minPerSecond: 1_000 },
  cacheTtlMs: 1,
  staleIfErrorMs: 0,
};

/** LEGACY_POLICY (JSON): the same overrides for all seven systems, then any per system. */
export function legacyPolicy(
  all: PolicyOverrides,
  bySystem: Partial<Record<LegacySystem, PolicyOverrides>> = {},
): string {
  return JSON.stringify(
    Object.fromEntries(
      LEGACY_SYSTEMS.map((d) => {
        const own = bySystem[d] ?? {};
        return [
          d,
          {
            ...all,
            ...own,
            breaker: { ...all.breaker, ...own.breaker },
            retry: { ...all.retry, ...own.retry },
          },
        ];
      }),
    ),
  );
}
