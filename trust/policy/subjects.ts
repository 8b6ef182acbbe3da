import type { Subjects } from '../context/trust-context';
import type { SubjectRule } from './policy';

/** A data subject as the audit trail and the policy name it: `Person:<id>` or `Company:<uscc>`. */
export type SubjectRef = `Person:${string}` | `Company:${string}`;

const ref = (kind: unknown, id: unknown): SubjectRef | null => {
  if (typeof id !== 'string' || !id) return null;
  if (kind === 'PERSON') return `Person:${id}`;
  if (kind === 'COMPANY') return `Company:${id}`;
  return null;
};

/**
 * Whose data one object of a personal-data type is, read off the object a subgraph's resolvers
 * got (its model): a Person or Company itself, a certificate's holder, a case's applicant, a
 * property's owners. An object this cannot read names no subject, and is then refused.
 */
export function subjectsOf(type: string, rule: SubjectRule, obj: unknown): SubjectRef[] {
  const o = (obj ?? {}) as Record<string, unknown>;
  switch (rule) {
    case 'self':
      if (type === 'Person') return typeof o.id === 'string' ? [`Person:${o.id}`] : [];
      if (type === 'Company') return typeof o.uscc === 'string' ? [`Company:${o.uscc}`] : [];
      return [];
    case 'holder': {
      const r = ref(o.holderType, o.holderId);
      return r ? [r] : [];
    }
    case 'applicant': {
      const a = (o.applicant ?? {}) as Record<string, unknown>;
      if (typeof a.uscc === 'string') return [`Company:${a.uscc}`];
      return typeof a.id === 'string' ? [`Person:${a.id}`] : [];
    }
    case 'owners':
      return Array.isArray(o.owners)
        ? (o.owners as Record<string, unknown>[])
            .map((w) => ref(w.type, w.id))
            .filter((r): r is SubjectRef => !!r)
        : [];
    case 'presented': {
      const r = ref(o.holderType, o.holderId);
      return r ? [r] : [];
    }
  }
}

/** Is this subject one the request may touch? */
export function mayTouch(subjects: Subjects, subject: SubjectRef): boolean {
  if (subjects.any) return true;
  const [kind, id] = [subject.slice(0, subject.indexOf(':')), subject.slice(subject.indexOf(':') + 1)];
  return kind === 'Person' ? subjects.persons.includes(id) : subjects.companies.includes(id);
}
