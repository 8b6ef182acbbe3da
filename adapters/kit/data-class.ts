/**
 * What kind of record a legacy operation reads, which decides how long a cached copy may be
 * served (the entity cache's TTL). A record that changes rarely, and whose change goes through
 * the counter anyway (a person's identity), is cached long; one the service centre itself
 * changes, or whose staleness decides something (a certificate revoked a minute ago), short.
 *
 * Each LegacyOperation names its class (`dataClass`); the operator may change a class's TTL
 * for every operation of that class at once with CACHE_TTL_MS_BY_DATA_CLASS (JSON), e.g.
 *
 *   CACHE_TTL_MS_BY_DATA_CLASS='{"certificate": 30000, "identity": 7200000}'
 *
 * An adapter's own TTL option (e.g. PUBLIC_SECURITY_CACHE_TTL_MS) and LEGACY_POLICY's
 * `cacheTtlMs` for a department or an operation still win over the class (policy.ts).
 */
export const DATA_CLASS_TTL_MS = {
  /** Identity and household records (public security): change rarely, and through the counter. 1 h. */
  identity: 3_600_000,
  /** Company registrations and licences (market supervision). 10 min. */
  registration: 600_000,
  /** Real-estate titles (housing). 30 min. */
  property: 1_800_000,
  /** Social-security accounts (human resources): contributions post monthly. 10 min. */
  'social-security': 600_000,
  /** Tax status and credit rating (tax). 10 min. */
  'tax-status': 600_000,
  /** Health documents and permits (health). 5 min. */
  health: 300_000,
  /** Library certificates (Big Data Center): issued and revoked by the service centre, which invalidates; 1 min. */
  certificate: 60_000,
  /** Cases (service centre): their status is what the officer acts on. 5 s, when cached at all. */
  case: 5_000,
  /** Catalogue data (matters, departments, industries): changes with a release. 1 h. */
  reference: 3_600_000,
  /** Published signature keys of issuers: rotate rarely, and a rotation publishes the new key first. 1 h. */
  'signing-key': 3_600_000,
} as const satisfies Record<string, number>;

export type DataClass = keyof typeof DATA_CLASS_TTL_MS;

export const DATA_CLASSES = Object.keys(DATA_CLASS_TTL_MS) as DataClass[];

/** Same bounds as a policy's cacheTtlMs (policy.ts): 1 ms to 24 h, whole milliseconds. */
const MIN_TTL_MS = 1;
const MAX_TTL_MS = 86_400_000;

/**
 * The TTL of every class: the defaults above, then the operator's CACHE_TTL_MS_BY_DATA_CLASS,
 * checked whole (an unknown class or a bad number stops the process naming it).
 */
export function dataClassTtls(env: NodeJS.ProcessEnv = process.env): Record<DataClass, number> {
  const out: Record<DataClass, number> = { ...DATA_CLASS_TTL_MS };
  const text = env.CACHE_TTL_MS_BY_DATA_CLASS;
  if (!text) return out;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`CACHE_TTL_MS_BY_DATA_CLASS is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('CACHE_TTL_MS_BY_DATA_CLASS must be a JSON object of TTLs in ms by data class');
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(name in DATA_CLASS_TTL_MS))
      throw new Error(
        `CACHE_TTL_MS_BY_DATA_CLASS.${name} is not a data class (known: ${DATA_CLASSES.join(', ')})`,
      );
    if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_TTL_MS || value > MAX_TTL_MS)
      throw new Error(
        `CACHE_TTL_MS_BY_DATA_CLASS.${name} must be a whole number from ${MIN_TTL_MS} to ${MAX_TTL_MS}: ${JSON.stringify(value)}`,
      );
    out[name as DataClass] = value;
  }
  return out;
}

let cached: Record<DataClass, number> | undefined;

/** The cache TTL of one data class, in ms (from process.env, read once). */
export function dataClassTtlMs(dataClass: DataClass, env: NodeJS.ProcessEnv = process.env): number {
  const ttls = env === process.env ? (cached ??= dataClassTtls(env)) : dataClassTtls(env);
  return ttls[dataClass];
}
