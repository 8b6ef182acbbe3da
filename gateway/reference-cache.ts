import { Kind, type SelectionNode } from 'graphql';
import { metrics } from '../adapters/kit/metrics';
import { operationOf } from './operation-of';
import type { AccessPolicy } from '../trust/policy/policy';

/**
 * Entity types that hold only reference data: the service centre's catalogue (departments and
 * their matters), the same for every caller and changed only by a catalogue release. Any of them
 * the access policy lists as personal data, or with a sensitive field, is never cached.
 */
export const REFERENCE_TYPES: readonly string[] = ['Department', 'Matter'];
/**
 * How long the gateway reuses a subgraph's answer about reference entities, in ms: a catalogue
 * release shows within it. Short next to the catalogue's own cache (data class `reference`,
 * 1 h): at a counter's pace nearly every view still finds it. @default 60_000 (1 min)
 */
export const REFERENCE_CACHE_TTL_MS = 60_000;
/** Most answers kept; the oldest goes first. */
const MAX_ENTRIES = 1_000;

/** The types of REFERENCE_TYPES that are safe to cache under `policy`: no personal data, nothing masked. */
export function cacheableReferenceTypes(policy: AccessPolicy): Set<string> {
  const unsafe = new Set([
    ...Object.keys(policy.entities),
    ...Object.keys(policy.sensitiveObjects ?? {}),
    ...Object.keys(policy.sensitive).map((coordinate) => coordinate.slice(0, coordinate.indexOf('.'))),
  ]);
  return new Set(REFERENCE_TYPES.filter((t) => !unsafe.has(t)));
}

/**
 * Does this subgraph operation read nothing but leaf fields of reference types? Only the entity
 * fetch the query planner writes qualifies: `query { _entities(representations: $r) { ... on T
 * { leaf fields } } }`, every fragment on a cacheable type, no nested objects, no directives.
 */
export function readsOnlyReference(operation: string, types: ReadonlySet<string>): boolean {
  const op = operationOf(operation);
  if (op?.operation !== 'query' || op.directives?.length) return false;
  const [root, ...more] = op.selectionSet.selections;
  if (more.length || root?.kind !== Kind.FIELD || root.name.value !== '_entities' || !root.selectionSet)
    return false;
  const leaf = (s: SelectionNode) => s.kind === Kind.FIELD && !s.selectionSet && !s.directives?.length;
  return root.selectionSet.selections.every(
    (s) =>
      s.kind === Kind.INLINE_FRAGMENT &&
      !s.directives?.length &&
      !!s.typeCondition &&
      types.has(s.typeCondition.name.value) &&
      s.selectionSet.selections.every(leaf),
  );
}

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: readonly unknown[];
}

/**
 * A subgraph's answers about reference entities (a certificate's issuing department, a case's
 * matter), reused for REFERENCE_CACHE_TTL_MS by every request: they hold no one's personal data,
 * so no department audits them and no caller sees other than another would. Saves a subgraph call
 * per counter view (the issuers' names of a person's certificates). Only whole answers are kept
 * (no errors); each request gets its own copy, since the gateway merges answers into its result.
 */
export class ReferenceCache {
  private readonly answers = new Map<string, { at: number; json: string }>();
  /** Per operation text: does it read only reference data? (worked out once) */
  private readonly verdicts = new Map<string, boolean>();

  constructor(
    private readonly subgraph: string,
    private readonly types: ReadonlySet<string>,
    private readonly ttlMs = REFERENCE_CACHE_TTL_MS,
  ) {}

  /** The answer to `request`: from the cache when it reads only reference data and is there, else from `call`. */
  async answer<R extends Answer>(
    request: { query?: string; variables?: Record<string, unknown> },
    call: () => Promise<R>,
  ): Promise<R> {
    const query = request.query;
    if (query === undefined || this.types.size === 0 || !this.cacheable(query)) return call();
    const key = `${query}\n${JSON.stringify(request.variables ?? {})}`;
    const hit = this.answers.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) {
      metrics.cacheLookups.inc({ department: this.subgraph, operation: 'reference-entities', result: 'hit' });
      return { data: JSON.parse(hit.json) as R['data'] } as R;
    }
    metrics.cacheLookups.inc({ department: this.subgraph, operation: 'reference-entities', result: 'miss' });
    const answer = await call();
    if (answer.data && !answer.errors?.length) {
      this.answers.delete(key);
      if (this.answers.size >= MAX_ENTRIES) this.answers.delete(this.answers.keys().next().value!);
      this.answers.set(key, { at: Date.now(), json: JSON.stringify(answer.data) });
    }
    return answer;
  }

  private cacheable(query: string): boolean {
    let verdict = this.verdicts.get(query);
    if (verdict === undefined) {
      if (this.verdicts.size >= MAX_ENTRIES) this.verdicts.clear();
      verdict = readsOnlyReference(query, this.types);
      this.verdicts.set(query, verdict);
    }
    return verdict;
  }
}
