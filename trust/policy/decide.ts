import { DataLayerError, quoted } from '../../adapters/kit/errors';
import { purposeText } from '../actor';
import type { TrustContext } from '../context/trust-context';
import type { AccessPolicy, Category, StatutoryPurpose } from './policy';
import { mayTouch, subjectsOf, type SubjectRef } from './subjects';

/** What a reader sees of one field: the value, a masked value (or null), or an error. */
export type Visibility = 'allow' | 'mask' | 'deny';

const forbidden = (message: string) => new DataLayerError('FORBIDDEN', message);

/**
 * The refusal for a subject the request may not touch: FORBIDDEN, or SUBJECTS_INCOMPLETE while
 * the gateway knows only part of the request's subjects (it asks again with the whole set).
 */
export function outsideSubjects(trust: TrustContext, what: string): DataLayerError {
  return trust.subjects.partial
    ? new DataLayerError('SUBJECTS_INCOMPLETE', `${what} is not among the subjects known so far`)
    : forbidden(`${what} is not data this request may touch`);
}

/** Did an answer meet someone outside a partial subject set (one of its errors SUBJECTS_INCOMPLETE)? */
export function metSubjectOutsidePart(
  errors: readonly { extensions?: Record<string, unknown> }[] | undefined,
): boolean {
  return !!errors?.some((e) => e.extensions?.code === 'SUBJECTS_INCOMPLETE');
}

/** The statutory purpose of the request, if it states one (the gateway checked it exists). */
export function statutoryPurpose(policy: AccessPolicy, trust: TrustContext): StatutoryPurpose | undefined {
  return trust.purpose?.kind === 'statutory' ? policy.purposes.get(trust.purpose.code) : undefined;
}

function argAt(args: Record<string, unknown>, path: string): unknown {
  let v: unknown = args;
  for (const part of path.split('.'))
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

/**
 * May this actor call this root field with these arguments? Throws FORBIDDEN, PURPOSE_REQUIRED
 * or PURPOSE_INVALID; returns when allowed. Deny by default: a field the policy does not list
 * is refused to everyone. The gateway asks before running a request, every subgraph again
 * before resolving the field.
 */
export function checkOperation(
  policy: AccessPolicy,
  trust: TrustContext,
  coordinate: string,
  args: Record<string, unknown>,
): void {
  const rule = policy.operations[coordinate];
  if (!rule) throw forbidden(`${coordinate} is not open to any caller`);
  if (rule.public) return;
  const { actor } = trust;
  const byRole = rule.roles?.includes(actor.role) ?? false;
  const byScope = actor.role === 'SERVICE' && (rule.scopes ?? []).some((s) => actor.scopes.includes(s));
  if (!byRole && !byScope)
    throw forbidden(
      `${coordinate} is not open to ${actor.role}${rule.scopes?.length ? ` (clients need scope ${rule.scopes.join(' or ')})` : ''}`,
    );
  if (actor.role === 'OFFICER' && !rule.scopes?.length) {
    if (!trust.purpose)
      throw new DataLayerError(
        'PURPOSE_REQUIRED',
        `${coordinate}: state the purpose in the x-purpose header (case:<id> or a statutory code)`,
      );
    const statutory = statutoryPurpose(policy, trust);
    if (coordinate.startsWith('Mutation.') && statutory && !statutory.operations?.includes(coordinate))
      throw new DataLayerError('PURPOSE_INVALID', `purpose ${statutory.code} does not cover ${coordinate}`);
    // Acting on a case takes that case as the purpose (a statutory purpose listing the mutation also serves).
    if (rule.caseArg && !statutory) {
      const caseId = argAt(args, rule.caseArg);
      if (trust.purpose.kind !== 'case' || trust.purpose.caseId !== caseId)
        throw new DataLayerError(
          'PURPOSE_INVALID',
          `${coordinate} acts on case ${String(caseId)}: state x-purpose case:${String(caseId)} (a case you handle)`,
        );
    }
  }
  for (const [path, type] of Object.entries(rule.subjectArgs ?? {})) {
    const id = argAt(args, path);
    if (typeof id !== 'string') continue;
    const subject = `${type}:${id}` as SubjectRef;
    if (!mayTouch(trust.subjects, subject)) throw outsideSubjects(trust, `${type} ${quoted(id)}`);
  }
}

/**
 * May the request read this object of a personal-data type (a person, a company, a certificate
 * by its holder, a case by its applicant, a property by its owners)? Returns the object's
 * subjects; throws FORBIDDEN when none of them is the request's. Objects of other types are
 * read as part of their parent, which was checked.
 */
export function checkEntity(
  policy: AccessPolicy,
  trust: TrustContext,
  type: string,
  obj: unknown,
): SubjectRef[] {
  const rule = policy.entities[type];
  if (!rule) return [];
  const subjects = subjectsOf(type, rule.subject, obj);
  // A code the holder presents at a gate is their consent: the scanner learns what the scene allows.
  if (rule.subject === 'presented') return subjects;
  const statutory = statutoryPurpose(policy, trust);
  if (statutory && !statutory.types[type] && !statutory.types['*'])
    throw new DataLayerError('PURPOSE_INVALID', `purpose ${statutory.code} does not cover ${type} data`);
  if (!subjects.some((s) => mayTouch(trust.subjects, s))) throw outsideSubjects(trust, `this ${type}`);
  return subjects;
}

/** The sensitive categories this request may see unmasked, in this department's answer. */
export function revealed(policy: AccessPolicy, trust: TrustContext): Set<Category> {
  const out = new Set<Category>(policy.roles[trust.actor.role].reveals);
  if (trust.actor.role === 'OFFICER' && trust.purpose?.kind === 'case') {
    policy.casePurpose.reveals.forEach((c) => out.add(c));
    (policy.casePurpose.revealsByDepartment[trust.actor.department ?? ''] ?? []).forEach((c) => out.add(c));
  }
  statutoryPurpose(policy, trust)?.reveals.forEach((c) => out.add(c));
  return out;
}

/**
 * What the reader sees of `type.field`: a field outside a statutory purpose's list is denied
 * (minimum necessity; the key always passes), a sensitive field the role and purpose do not
 * reveal is masked, anything else is allowed.
 */
export function fieldVisibility(
  policy: AccessPolicy,
  trust: TrustContext,
  type: string,
  field: string,
  reveals: Set<Category> = revealed(policy, trust),
): Visibility {
  const entity = policy.entities[type];
  const statutory = statutoryPurpose(policy, trust);
  if (statutory && entity && field !== entity.key) {
    const fields = statutory.types[type] ?? statutory.types['*'];
    if (!fields || !(fields.includes(field) || fields.includes('*'))) return 'deny';
  }
  const category = policy.sensitive[`${type}.${field}`];
  if (!category || reveals.has(category)) return 'allow';
  return 'mask';
}

/**
 * The category of a whole object when its kind makes it sensitive (policy `sensitiveObjects`:
 * a health certificate in the library), else undefined.
 */
export function objectCategory(policy: AccessPolicy, type: string, obj: unknown): Category | undefined {
  const rule = policy.sensitiveObjects[type];
  if (!rule || !obj || typeof obj !== 'object') return undefined;
  const kind = (obj as Record<string, unknown>)[rule.field];
  return typeof kind === 'string' && Object.hasOwn(rule.categories, kind) ? rule.categories[kind] : undefined;
}

/**
 * The masked form of a sensitive value: identity numbers keep their first and last four
 * characters (`3101**********0017`), addresses their first six (the district), anything
 * else (health records, lists, objects) becomes null.
 */
export function maskValue(category: Category, value: unknown): unknown {
  if (typeof value !== 'string') return null;
  if (category === 'identity-number')
    return value.length > 8
      ? value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4)
      : '*'.repeat(value.length);
  if (category === 'address') return [...value].slice(0, 6).join('') + '****';
  return null;
}

/** The purpose as the audit trail records it. */
export const purposeOf = (trust: TrustContext): string | null => purposeText(trust.purpose);
