import type { GraphQLFormattedError } from 'graphql';
import { SEED_OPERATION, seedSpecOf, type SeedSpec } from './key-lookup-plan';

/** What a subgraph call answers, as far as the holds read and write it. */
interface Response {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * What the root fetch answered: no entity (null or failed), or the entity, with `rekey` set to
 * its own key values where they differ from the seed's (a root field whose key arguments did not
 * name the entity it returns: the moved fetches asked about the wrong one).
 */
type Found = { found: false } | { found: true; rekey?: Record<string, unknown> };

/** One request's key lookup, from its seed to the root fetch's answer. */
interface Hold {
  spec: SeedSpec;
  speculative: Set<string>;
  /** The entity the seed put in place: its typename and key values. */
  seeded: Record<string, unknown>;
  found: Promise<Found>;
  settle(found: Found): void;
}

/**
 * The data source's side of speculateKeyLookups (key-lookup-plan.ts), per request: answers the
 * seed fetch itself, notes whether the root fetch found the entity, and holds each moved fetch's
 * answer until then, dropping it when the entity was not found, so the answer is the one the
 * unchanged plan would give: the moved fetches only started earlier.
 */
export class SeedHolds {
  private readonly holds = new WeakMap<object, Hold>();

  /**
   * Runs one subgraph call of a request (`call`), or answers it: the seed from its spec, the root
   * fetch and the moved fetches with their holds; any other call as it is.
   */
  async process<R extends Response>(
    context: object | undefined,
    request: { query?: string; operationName?: string; variables?: Record<string, unknown> },
    call: () => Promise<R>,
  ): Promise<R> {
    if (request.operationName === SEED_OPERATION && request.query) return this.seed(context, request) as R;
    const hold = context ? this.holds.get(context) : undefined;
    if (!hold || request.query === undefined) return call();
    if (request.query === hold.spec.root) return (await this.root(hold, call)) as R;
    if (hold.speculative.has(request.query)) return (await this.moved(hold, request, call)) as R;
    return call();
  }

  private seed(
    context: object | undefined,
    request: { query?: string; variables?: Record<string, unknown> },
  ): Response {
    const spec = seedSpecOf(request.query!);
    if (!context) throw new Error('a key-lookup seed needs the request context');
    let settle!: (found: Found) => void;
    const found = new Promise<Found>((resolve) => (settle = resolve));
    const entity: Record<string, unknown> = { __typename: spec.typename };
    for (const k of spec.key)
      entity[k.field] = k.variable !== undefined ? request.variables?.[k.variable] : k.value;
    this.holds.set(context, { spec, speculative: new Set(spec.speculative), seeded: entity, found, settle });
    return { data: { [spec.response]: { ...entity } } };
  }

  /**
   * The root fetch: its answer says whether the entity exists. A failure is answered as the
   * entity null with the error, not thrown: the seed already put the entity in the answer, and
   * only a null from this fetch takes it out again, as the unchanged plan would have left it.
   */
  private async root(hold: Hold, call: () => Promise<Response>): Promise<Response> {
    try {
      const res = await call();
      const data = res.data as Record<string, unknown> | null | undefined;
      hold.settle(foundIn(hold, data?.[hold.spec.response]));
      return data ? res : { ...res, data: { [hold.spec.response]: null } };
    } catch (e) {
      hold.settle({ found: false });
      const err = e as { message?: string; extensions?: Record<string, unknown> };
      return {
        data: { [hold.spec.response]: null },
        errors: [{ message: err.message ?? String(e), extensions: err.extensions ?? {} }],
      };
    }
  }

  /**
   * A moved fetch: its answer (or failure) once the root fetch found the entity; none when it did
   * not. When the root fetch found another entity than the seed named, the speculative answer is
   * dropped and the department asked again about the entity found, as the unchanged plan would.
   */
  private async moved(
    hold: Hold,
    request: { variables?: Record<string, unknown> },
    call: () => Promise<Response>,
  ): Promise<Response> {
    const outcome = call().then(
      (res) => ({ res }),
      (error: unknown) => ({ error }),
    );
    const found = await hold.found;
    const representations = request.variables?.representations;
    if (!found.found)
      return { data: { _entities: Array.isArray(representations) ? representations.map(() => null) : [] } };
    if (found.rekey) {
      if (Array.isArray(representations))
        for (const r of representations as Record<string, unknown>[]) Object.assign(r, found.rekey);
      return call();
    }
    const done = await outcome;
    if ('error' in done) throw done.error;
    return done.res;
  }
}

/** Whether the root fetch's entity is there, and where its key values differ from the seed's. */
function foundIn(hold: Hold, entity: unknown): Found {
  if (entity == null || typeof entity !== 'object') return { found: false };
  const rekey: Record<string, unknown> = {};
  for (const { field } of hold.spec.key) {
    const own = (entity as Record<string, unknown>)[field];
    if (own !== undefined && String(own) !== String(hold.seeded[field])) rekey[field] = own;
  }
  return Object.keys(rekey).length > 0 ? { found: true, rekey } : { found: true };
}
