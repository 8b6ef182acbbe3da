import { mayTouch, type MatrixCaller } from './access-callers';
import {
  HEALTH_CERTIFICATE_TYPES,
  maskAddress,
  refusedReply,
  sortErrors,
  type ExpectedReply,
  type SeenError,
} from './expected-read';

/**
 * The matrix's other root fields, `certificate(id)`, `case(id)` and
 * `propertyByCertificateNumber`, asked for every golden record at once under aliases (one
 * request per caller), and what each caller should get for each alias.
 */

/** A data subject as the policy names it. */
export interface Subject {
  kind: 'Person' | 'Company';
  id: string;
}

export interface RootTargets {
  certificates: { id: string; number: string; type: string; holder: Subject }[];
  cases: { id: string; status: string; applicant: Subject }[];
  properties: { certificateNumber: string; address: string; owners: Subject[] }[];
}

const HOLDER = '__typename ... on Person { id } ... on Company { uscc }';

/**
 * The aliased query over the targets' ids: c0… certificates, k0… cases, p0… properties. The
 * baseline variant (for the test-only officer) also asks whose each record is.
 */
export function rootsQuery(
  ids: { certificates: string[]; cases: string[]; properties: string[] },
  baseline = false,
): { query: string; variables: Record<string, string> } {
  const vars: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, string> = {};
  const add = (prefix: string, list: string[], type: string, field: string, selection: string) =>
    list.forEach((id, i) => {
      vars.push(`$${prefix}${i}: ${type}`);
      fields.push(`${prefix}${i}: ${field}: $${prefix}${i}) { ${selection} }`);
      variables[`${prefix}${i}`] = id;
    });
  add(
    'c',
    ids.certificates,
    'ID!',
    'certificate(id',
    baseline ? `id number type holder { ${HOLDER} }` : 'id number',
  );
  add('k', ids.cases, 'ID!', 'case(id', baseline ? `id status applicant { ${HOLDER} }` : 'id status');
  add(
    'p',
    ids.properties,
    'String!',
    'propertyByCertificateNumber(certificateNumber',
    baseline
      ? 'certificateNumber address owners { person { id } company { uscc } }'
      : 'certificateNumber address',
  );
  return { query: `query MatrixRoots(${vars.join(', ')}) { ${fields.join(' ')} }`, variables };
}

type Raw = Record<string, Record<string, unknown>>;
const subjectOf = (h: Record<string, unknown>): Subject =>
  h.uscc ? { kind: 'Company', id: String(h.uscc) } : { kind: 'Person', id: String(h.id) };

/** Reads the baseline answer of `rootsQuery(ids, true)` into the targets' facts. */
export function rootTargetsOf(data: Raw, ids: Parameters<typeof rootsQuery>[0]): RootTargets {
  return {
    certificates: ids.certificates.map((_, i) => {
      const c = data[`c${i}`]!;
      return {
        id: String(c.id),
        number: String(c.number),
        type: String(c.type),
        holder: subjectOf(c.holder as Record<string, unknown>),
      };
    }),
    cases: ids.cases.map((_, i) => {
      const k = data[`k${i}`]!;
      return {
        id: String(k.id),
        status: String(k.status),
        applicant: subjectOf(k.applicant as Record<string, unknown>),
      };
    }),
    properties: ids.properties.map((_, i) => {
      const p = data[`p${i}`]!;
      const owners = p.owners as { person: { id: string } | null; company: { uscc: string } | null }[];
      return {
        certificateNumber: String(p.certificateNumber),
        address: String(p.address),
        owners: owners.map((o) =>
          o.company
            ? { kind: 'Company' as const, id: o.company.uscc }
            : { kind: 'Person' as const, id: o.person!.id },
        ),
      };
    }),
  };
}

/**
 * What `caller` should get for the aliased query. An object the caller may not read is null,
 * with the refusal of the first of its (non-null) fields that refuses: its key when the record
 * is not the caller's to touch or is health data the caller may not see, else the next field
 * when a statutory purpose does not cover the type.
 */
export function expectedRoots(c: MatrixCaller, t: RootTargets): ExpectedReply {
  if (c.refusedAll) return refusedReply(c.refusedAll.code, c.refusedAll.message('Query.certificate'));
  const data: Record<string, unknown> = {};
  const errors: SeenError[] = [];
  const touch = (s: Subject) => mayTouch(c, s.kind, s.id);
  const refuse = (type: string, department: string) => ({
    notYours: (path: string): SeenError => ({
      code: 'FORBIDDEN',
      path,
      department,
      message: `this ${type} is not data this request may touch`,
    }),
    health: (path: string): SeenError => ({
      code: 'FORBIDDEN',
      path,
      department,
      message: `this ${type} is health data the request may not see`,
    }),
    purpose: (path: string): SeenError => ({
      code: 'PURPOSE_INVALID',
      path,
      department,
      message: `purpose ${c.statutory!.code} does not cover ${type} data`,
    }),
  });
  /** The object's answer: `value` unless a check refuses; key checks first, then the next field's. */
  const answer = (
    alias: string,
    [key, next]: [string, string],
    r: ReturnType<typeof refuse>,
    ok: boolean,
    hidden: boolean,
    value: unknown,
  ) => {
    const keyError = !ok ? r.notYours : hidden ? r.health : null;
    const nextError = c.statutory ? r.purpose : keyError;
    const first = keyError ? keyError(`${alias}.${key}`) : nextError ? nextError(`${alias}.${next}`) : null;
    data[alias] = first ? null : value;
    if (first) errors.push(first);
  };
  const showsHealth = c.reveals.includes('health');
  t.certificates.forEach((x, i) =>
    answer(
      `c${i}`,
      ['id', 'number'],
      refuse('Certificate', 'big-data-center'),
      touch(x.holder),
      HEALTH_CERTIFICATE_TYPES.includes(x.type) && !showsHealth,
      { id: x.id, number: x.number },
    ),
  );
  t.cases.forEach((x, i) =>
    answer(`k${i}`, ['id', 'status'], refuse('Case', 'service-center'), touch(x.applicant), false, {
      id: x.id,
      status: x.status,
    }),
  );
  t.properties.forEach((x, i) =>
    answer(
      `p${i}`,
      ['certificateNumber', 'address'],
      refuse('Property', 'housing'),
      x.owners.some(touch),
      false,
      {
        certificateNumber: x.certificateNumber,
        address: c.reveals.includes('address') ? x.address : maskAddress(x.address),
      },
    ),
  );
  return { status: 200, data, errors: sortErrors(errors) };
}
