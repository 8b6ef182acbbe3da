import { DataLayerError } from '../../adapters/kit/errors';
import type { Actor, Purpose } from '../../trust/actor';
import type { Subjects, TrustContext } from '../../trust/context/trust-context';
import type { AccessPolicy } from '../../trust/policy/policy';

/** Runs one GraphQL operation against one subgraph with a signed context (the gateway's own look-ups). */
export type SubgraphCall = (
  subgraph: string,
  query: string,
  variables: Record<string, unknown>,
  trust: TrustContext,
) => Promise<Record<string, unknown>>;

/** How long a worked-out subject set is reused, in ms. @default 60_000 (1 min) */
export const SUBJECTS_TTL_MS = 60_000;
const MAX_CACHED = 10_000;

/**
 * A request's subjects as far as they are known when it starts, and the whole set when that
 * takes more look-ups: `subjects` is then `partial` (a case's applicant), and `complete` works
 * out the whole set (with their minor children and companies) when called. The request runs on
 * the part: a department asked about someone outside it answers SUBJECTS_INCOMPLETE and is asked
 * again once the whole set is known (whole-subjects.ts); a request that meets no one else never
 * makes the look-ups.
 */
export interface ResolvedSubjects {
  subjects: Subjects;
  complete?: () => Promise<Subjects>;
}

const CHILDREN = 'query AccessCheckChildren($id: ID!) { person(id: $id) { children { id birthDate } } }';
const CASE =
  'query AccessCheckCase($id: ID!) { case(id: $id) { applicant { __typename ... on Person { id } ... on Company { uscc } } department { code } } }';
const COMPANIES =
  'query AccessCheckCompanies($r: [_Any!]!) { _entities(representations: $r) { ... on Person { companies { uscc } } } }';
const REPRESENTATIVE =
  'query AccessCheckRepresentative($uscc: ID!) { company(uscc: $uscc) { legalRepresentative { id } } }';

/** Under 18 on `today` (YYYY-MM-DD, Shanghai), from a birth date YYYY-MM-DD. */
export function isMinor(birthDate: string, today: string): boolean {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const adult = `${String(y + 18).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return adult > today;
}
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A case's applicant, as the access check needs it. */
type Applicant = { person: string } | { company: string };

/**
 * Works out whose data a request may touch, before it runs: a citizen's own record and their
 * minor children's (from public security); a company agent's company; for an officer's
 * `case:` purpose, the case's applicant (a person with their minor children and the companies
 * they represent; a company with its legal representative), once the case is found to be one
 * the officer's department handles; for a statutory purpose, anyone (its registry entry limits
 * the types and fields instead). The look-ups run under the gateway-only purpose ACCESS-CHECK,
 * so the departments audit them like any read.
 *
 * The request does not wait for the look-ups beyond the first (a case): it starts with the part
 * known (the citizen; the case's applicant, once the case is read), and the rest is looked up
 * only when the request turns out to need it (ResolvedSubjects). Worked-out sets are cached for
 * SUBJECTS_TTL_MS, a case's applicant too (it never changes); look-ups in flight are shared by
 * the requests that need them.
 */
export function subjectResolver(policy: AccessPolicy, call: SubgraphCall) {
  /** Look-ups by key: in flight (shared) or done (`value` set) within SUBJECTS_TTL_MS. */
  type Entry = { at: number; pending: Promise<unknown>; value?: unknown };
  const cache = new Map<string, Entry>();
  const fresh = (key: string) => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < SUBJECTS_TTL_MS) return hit;
    if (hit) cache.delete(key);
    return undefined;
  };
  const cached = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const hit = fresh(key);
    if (hit) return hit.pending as Promise<T>;
    const pending = work();
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    const entry: Entry = { at: Date.now(), pending };
    cache.set(key, entry);
    pending.then(
      (v) => (entry.value = v),
      // A failed look-up is not kept: the next request asks again.
      () => cache.get(key) === entry && cache.delete(key),
    );
    return pending;
  };
  /** The whole set when it is worked out already; else what is known at once, and how to work out the rest. */
  const progressive = (key: string, known: Subjects, whole: () => Promise<Subjects>): ResolvedSubjects => {
    const done = fresh(key)?.value as Subjects | undefined;
    if (done) return { subjects: done };
    return { subjects: { ...known, partial: true }, complete: () => cached(key, whole) };
  };

  return async (
    actor: Actor,
    purpose: Purpose | undefined,
    channel: string,
    traceId: string,
  ): Promise<ResolvedSubjects> => {
    const lookup: TrustContext = {
      actor,
      channel,
      traceId,
      purpose: { kind: 'statutory', code: 'ACCESS-CHECK' },
      subjects: { persons: [], companies: [], any: true },
    };
    const minorChildren = async (person: string): Promise<string[]> => {
      const data = await call('public-security', CHILDREN, { id: person }, lookup);
      const children =
        (data.person as { children?: { id: string; birthDate: string | null }[] } | null)?.children ?? [];
      const today = shanghaiToday();
      return children.filter((c) => c.birthDate && isMinor(c.birthDate, today)).map((c) => c.id);
    };
    const applicantOf = (caseId: string) =>
      cached<Applicant>(`case:${caseId}:${actor.department}`, async () => {
        const data = await call('service-center', CASE, { id: caseId }, lookup);
        const c = data.case as {
          applicant: { __typename: string; id?: string; uscc?: string };
          department: { code: string };
        } | null;
        if (!c) throw new DataLayerError('PURPOSE_INVALID', `case ${caseId} does not exist`);
        if (
          c.department.code !== actor.department &&
          !policy.casePurpose.handledBy.includes(actor.department ?? '')
        )
          throw new DataLayerError(
            'PURPOSE_INVALID',
            `case ${caseId} is handled by ${c.department.code}, not ${actor.department}`,
          );
        return c.applicant.uscc ? { company: c.applicant.uscc } : { person: c.applicant.id! };
      });
    switch (actor.role) {
      case 'CITIZEN': {
        const self = actor.person!;
        return progressive(`citizen:${self}`, { persons: [self], companies: [] }, async () => ({
          persons: [self, ...(await minorChildren(self))],
          companies: [],
        }));
      }
      case 'COMPANY_AGENT':
        return { subjects: { persons: [], companies: [actor.company!] } };
      case 'OFFICER': {
        if (!purpose) return { subjects: { persons: [], companies: [] } };
        if (purpose.kind === 'statutory') return { subjects: { persons: [], companies: [], any: true } };
        const applicant = await applicantOf(purpose.caseId);
        const key = `subjects:${purpose.caseId}:${actor.department}`;
        if ('company' in applicant) {
          const uscc = applicant.company;
          return progressive(key, { persons: [], companies: [uscc] }, async () => {
            const rep = await call('market-supervision', REPRESENTATIVE, { uscc }, lookup);
            const legal = (rep.company as { legalRepresentative?: { id: string } | null } | null)
              ?.legalRepresentative;
            return { persons: legal ? [legal.id] : [], companies: [uscc] };
          });
        }
        const person = applicant.person;
        return progressive(key, { persons: [person], companies: [] }, async () => {
          const [children, companies] = await Promise.all([
            minorChildren(person),
            call('market-supervision', COMPANIES, { r: [{ __typename: 'Person', id: person }] }, lookup).then(
              (d) =>
                ((d._entities as { companies?: { uscc: string }[] | null }[])[0]?.companies ?? []).map(
                  (x) => x.uscc,
                ),
            ),
          ]);
          return { persons: [person, ...children], companies };
        });
      }
      default:
        return { subjects: { persons: [], companies: [] } };
    }
  };
}
export type SubjectResolver = ReturnType<typeof subjectResolver>;
