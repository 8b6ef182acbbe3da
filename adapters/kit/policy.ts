import { readFileSync } from 'node:fs';

/**
 * How the data layer treats one legacy operation: the resilience policy. Defaults here,
 * then the adapter's own (a slow system gets a longer timeout), then the operator's, from
 * LEGACY_POLICY (JSON) or LEGACY_POLICY_FILE, per department and per operation:
 *
 *   { "human-resources": { "timeoutMs": 8000, "operations": { "socialSecurity.byPerson": { "retry": { "attempts": 0 } } } } }
 *
 * Every value is checked at start-up; a wrong one stops the process naming its path.
 */
export interface CallPolicy {
  /** Longest one legacy call may take before it fails DEPARTMENT_TIMEOUT and counts against the breaker, in ms. @default 3_000 (3 s) */
  timeoutMs: number;
  breaker: {
    /** Failure share in the rolling window that opens the breaker, in %. @default 50 */
    errorThresholdPercentage: number;
    /** Calls in the window before the breaker may open at all. @default 5 (calls) */
    volumeThreshold: number;
    /** Length of the rolling statistics window, in ms. @default 10_000 (10 s) */
    rollingWindowMs: number;
    /** Time open before one half-open probe call, in ms. @default 5_000 (5 s) */
    resetTimeoutMs: number;
    /**
     * A call that had at least this long and did not answer is slow, and counts as a failure even
     * when the request's deadline (not the call's own timeout) cut it off; with less time it was the
     * caller's lateness, not the department's. In ms. @default 1_000 (1 s)
     */
    slowCallMs: number;
  };
  retry: {
    /** Extra attempts after a failed idempotent read; 0 turns retries off. @default 2 (attempts) */
    attempts: number;
    /** First backoff, doubled per attempt, with full jitter, in ms. @default 50 */
    baseDelayMs: number;
    /** Longest backoff, and the longest Retry-After worth waiting for, in ms. @default 500 (ms) */
    maxDelayMs: number;
    /** Retries may add at most this share of first attempts, in %. @default 20 (%) */
    budgetPercent: number;
    /** Retries always allowed each second, however few first attempts there were. @default 2 (retries/s) */
    minPerSecond: number;
  };
  bulkhead: {
    /** Calls to this legacy system in flight at once, for all its operations. @default 32 (calls) */
    maxConcurrent: number;
    /** Calls waiting for a slot; one more fails BULKHEAD_FULL at once. @default 64 (calls) */
    maxQueue: number;
  };
  /** How long a record is served from the cache, in ms. @default 60_000 (60 s) */
  cacheTtlMs: number;
  /** How much older than cacheTtlMs a cached record may be and still be served (marked STALE_DATA) when the system fails; 0 = never. @default 600_000 (10 min) */
  staleIfErrorMs: number;
  /**
   * A request needing a record another request's call is fetching right now waits for that call
   * instead of sending the key again (coalescing.ts). Off only where every request must reach the
   * system itself, e.g. a test that counts calls per request. @default true
   */
  coalesce: boolean;
}

export type PolicyOverrides = {
  [K in keyof CallPolicy]?: CallPolicy[K] extends object ? Partial<CallPolicy[K]> : CallPolicy[K];
};

export const DEFAULT_POLICY: CallPolicy = {
  timeoutMs: 3_000, // 3 s
  breaker: {
    errorThresholdPercentage: 50, // %
    volumeThreshold: 5, // calls
    rollingWindowMs: 10_000, // 10 s
    resetTimeoutMs: 5_000, // 5 s
    slowCallMs: 1_000, // 1 s
  },
  retry: {
    attempts: 2, // extra attempts
    baseDelayMs: 50, // 50 ms, doubled per attempt
    maxDelayMs: 500, // 500 ms: an interactive request does not sleep longer
    budgetPercent: 20, // %
    minPerSecond: 2, // retries/s
  },
  bulkhead: {
    maxConcurrent: 32, // calls
    maxQueue: 64, // calls
  },
  cacheTtlMs: 60_000, // 60 s
  staleIfErrorMs: 600_000, // 10 min
  coalesce: true,
};

/** [min, max] of every number in a policy; the check is one table, not a function per field. */
const RANGES: Record<string, [number, number]> = {
  timeoutMs: [1, 600_000],
  'breaker.errorThresholdPercentage': [1, 100],
  'breaker.volumeThreshold': [0, 1_000_000],
  'breaker.rollingWindowMs': [10, 3_600_000],
  'breaker.resetTimeoutMs': [1, 3_600_000],
  'breaker.slowCallMs': [1, 600_000],
  'retry.attempts': [0, 10],
  'retry.baseDelayMs': [0, 60_000],
  'retry.maxDelayMs': [0, 600_000],
  'retry.budgetPercent': [0, 100],
  'retry.minPerSecond': [0, 1_000],
  'bulkhead.maxConcurrent': [1, 100_000],
  'bulkhead.maxQueue': [0, 1_000_000],
  cacheTtlMs: [1, 86_400_000],
  staleIfErrorMs: [0, 604_800_000],
};

/** Checks overrides against the shape of CallPolicy; `where` names them in messages (e.g. `LEGACY_POLICY.tax`). */
export function checkOverrides(raw: unknown, where: string): PolicyOverrides {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new TypeError(`${where} must be an object: ${JSON.stringify(raw)}`);
  const check = (obj: Record<string, unknown>, prefix: string, shape: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (!(key in shape))
        throw new TypeError(
          `${where}.${path} is not a policy setting (known: ${Object.keys(shape).join(', ')})`,
        );
      const expected = shape[key];
      if (typeof expected === 'object') {
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          throw new TypeError(`${where}.${path} must be an object: ${JSON.stringify(value)}`);
        check(value as Record<string, unknown>, path, expected as Record<string, unknown>);
        continue;
      }
      if (typeof expected === 'boolean') {
        if (typeof value !== 'boolean')
          throw new TypeError(`${where}.${path} must be true or false: ${JSON.stringify(value)}`);
        continue;
      }
      const [min, max] = RANGES[path]!;
      // Whole numbers only: every setting counts calls, milliseconds or percent, and Redis refuses `PX 1500.5`.
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
        throw new TypeError(
          `${where}.${path} must be a whole number from ${min} to ${max}: ${JSON.stringify(value)}`,
        );
    }
  };
  check(raw as Record<string, unknown>, '', DEFAULT_POLICY as unknown as Record<string, unknown>);
  return raw as PolicyOverrides;
}

export function mergePolicy(base: CallPolicy, ...layers: (PolicyOverrides | undefined)[]): CallPolicy {
  let p = base;
  for (const o of layers) {
    if (!o) continue;
    p = {
      ...p,
      ...(o as Partial<CallPolicy>),
      breaker: { ...p.breaker, ...o.breaker },
      retry: { ...p.retry, ...o.retry },
      bulkhead: { ...p.bulkhead, ...o.bulkhead },
    };
  }
  return p;
}

/** Settings shared by every operation of a legacy system (one bulkhead, one retry budget per system). */
function perSystemSettings(o: PolicyOverrides): string[] {
  const out: string[] = [];
  if (o.bulkhead) out.push('bulkhead');
  if (o.retry?.budgetPercent !== undefined) out.push('retry.budgetPercent');
  if (o.retry?.minPerSecond !== undefined) out.push('retry.minPerSecond');
  return out;
}

interface DepartmentPolicies {
  department?: PolicyOverrides;
  operations: Record<string, PolicyOverrides>;
}

/** The operator's policies from LEGACY_POLICY or LEGACY_POLICY_FILE, checked whole. */
export function operatorPolicies(env: NodeJS.ProcessEnv = process.env): Record<string, DepartmentPolicies> {
  let text = env.LEGACY_POLICY;
  let source = 'LEGACY_POLICY';
  if (!text && env.LEGACY_POLICY_FILE) {
    source = `LEGACY_POLICY_FILE (${env.LEGACY_POLICY_FILE})`;
    try {
      text = readFileSync(env.LEGACY_POLICY_FILE, 'utf8');
    } catch (e) {
      throw new Error(`${source} cannot be read: ${(e as Error).message}`);
    }
  }
  if (!text) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error(`${source} must be a JSON object by department`);
  const out: Record<string, DepartmentPolicies> = {};
  for (const [department, value] of Object.entries(raw as Record<string, unknown>)) {
    // `{"tax": 8000}` or `{"tax": null}` would otherwise pass as "no overrides" and hide the mistake.
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error(`${source}.${department} must be an object: ${JSON.stringify(value)}`);
    const { operations, ...rest } = value as Record<string, unknown>;
    const ops: Record<string, PolicyOverrides> = {};
    if (operations !== undefined) {
      if (typeof operations !== 'object' || operations === null || Array.isArray(operations))
        throw new Error(
          `${source}.${department}.operations must be an object: ${JSON.stringify(operations)}`,
        );
      for (const [op, o] of Object.entries(operations as Record<string, unknown>)) {
        const perSystem = o && typeof o === 'object' ? perSystemSettings(o as PolicyOverrides) : [];
        if (perSystem.length)
          throw new Error(
            `${source}.${department}.operations.${op}: ${perSystem.join(', ')} belong to the whole system; set them on ${source}.${department}`,
          );
      }
      for (const [op, o] of Object.entries(operations))
        ops[op] = checkOverrides(o, `${source}.${department}.operations.${op}`);
    }
    out[department] = { department: checkOverrides(rest, `${source}.${department}`), operations: ops };
  }
  return out;
}

let cachedOperator: Record<string, DepartmentPolicies> | undefined;

/**
 * The policy of one operation: defaults, then the adapter's, then the operator's for the
 * department, then the operator's for the operation.
 */
export function resolvePolicy(
  department: string,
  operation: string,
  adapterOverrides?: PolicyOverrides,
  env: NodeJS.ProcessEnv = process.env,
): CallPolicy {
  const operator = env === process.env ? (cachedOperator ??= operatorPolicies(env)) : operatorPolicies(env);
  const forDept = operator[department];
  const adapter = adapterOverrides
    ? checkOverrides(adapterOverrides, `${department}.${operation} policy`)
    : undefined;
  return mergePolicy(DEFAULT_POLICY, adapter, forDept?.department, forDept?.operations[operation]);
}
