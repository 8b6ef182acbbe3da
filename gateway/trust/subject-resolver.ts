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

/**
 * Works out whose data a request may touch, before it runs: a citizen's own record and their
 * minor children's (from public security); a company agent's company; for an officer's
 * `case:` purpose, the case's applicant (a person with their minor children and the companies
 * they represent; a company with its legal representative), once the case is found to be one
 * the officer's department handles; for a statutory purpose, anyone (its registry entry limits
 * the types and fields instead). The look-ups run under the gateway-only purpose ACCESS-CHECK,
 * so the departments audit them like any read. Results are cached for SUBJECTS_TTL_MS.
 */
export function subjectResolver(policy: AccessPolicy, call: SubgraphCall) {
  const cache = new Map<string, { at: number; subjects: Subjects }>();
  const cached = async (key: string, work: () => Promise<Subjects>): Promise<Subjects> => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < SUBJECTS_TTL_MS) return hit.subjects;
    const subjects = await work();
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, { at: Date.now(), subjects });
    return subjects;
  };

  return async (
    actor: Actor,
    purpose: Purpose | undefined,
    channel: string,
    traceId: string,
  ): Promise<Subjects> => {
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
    switch (actor.role) {
      case 'CITIZEN':
        return cached(`citizen:${actor.person}`, async () => ({
          persons: [actor.person!, ...(await minorChildren(actor.person!))],
          companies: [],
        }));
      case 'COMPANY_AGENT':
        return { persons: [], companies: [actor.company!] };
      case 'OFFICER':
        if (!purpose) return { persons: [], companies: [] };
        if (purpose.kind === 'statutory') return { persons: [], companies: [], any: true };
        return cached(`case:${purpose.caseId}:${actor.department}`, async () => {
          const data = await call('service-center', CASE, { id: purpose.caseId }, lookup);
          const c = data.case as {
            applicant: { __typename: string; id?: string; uscc?: string };
            department: { code: string };
          } | null;
          if (!c) throw new DataLayerError('PURPOSE_INVALID', `case ${purpose.caseId} does not exist`);
          if (
            c.department.code !== actor.department &&
            !policy.casePurpose.handledBy.includes(actor.department ?? '')
          )
            throw new DataLayerError(
              'PURPOSE_INVALID',
              `case ${purpose.caseId} is handled by ${c.department.code}, not ${actor.department}`,
            );
          if (c.applicant.uscc) {
            const rep = await call('market-supervision', REPRESENTATIVE, { uscc: c.applicant.uscc }, lookup);
            const legal = (rep.company as { legalRepresentative?: { id: string } | null } | null)
              ?.legalRepresentative;
            return { persons: legal ? [legal.id] : [], companies: [c.applicant.uscc] };
          }
          const person = c.applicant.id!;
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
      default:
        return { persons: [], companies: [] };
    }
  };
}
export type SubjectResolver = ReturnType<typeof subjectResolver>;
