import { COUNTER_VIEW_PURPOSE, COUNTER_VIEW_QUERY } from '../../gateway/first-query';
import { GOLDEN } from '../../mocks/data/golden';
import type { Role } from '../../trust/actor';
import type { AuditDraft, AuditRecord } from '../../trust/audit/record';
import type { Caller, Channel, GraphQLReply } from '../helpers/stack';

/**
 * The mixed workload of the audit suites and, for each request, the audit records it must leave,
 * worked out from the golden records and the supergraph (which department serves which field),
 * never read back from the trail. Rules the expectations follow:
 * - a department writes one `read` record per entity it returned (or refused) data about in one
 *   subgraph request; its fields are those selected of that entity minus the key, sorted;
 * - the gateway writes one `request` record per request (root fields, outcome);
 * - the gateway works out whose data a request may touch with look-ups the departments audit
 *   under the purpose ACCESS-CHECK: a case first; a case applicant's or a citizen's minor children
 *   and companies only once the request meets someone else (gateway/trust/whole-subjects.ts); it
 *   caches the answer for 60 s per citizen and per case, so on a fresh stack only the first
 *   request of each that needs them makes them.
 */

/** An audit record as the suites compare it: everything but the time and the chain fields. */
export type RecordShape = Omit<AuditDraft, 'time'>;

/** The shape of a stored record, for comparing with the expected ones. */
export function shapeOf(r: AuditRecord): RecordShape {
  return {
    traceId: r.traceId,
    kind: r.kind,
    actor: r.actor,
    role: r.role,
    channel: r.channel,
    purpose: r.purpose,
    caseId: r.caseId,
    department: r.department,
    entityType: r.entityType,
    entityId: r.entityId,
    subject: r.subject,
    fields: r.fields,
    outcome: r.outcome,
  };
}

/** Records as sorted one-line texts: two lists of these are equal exactly when the multisets are. */
export function lines(records: RecordShape[]): string[] {
  return records
    .map((r) =>
      [
        r.traceId,
        r.kind,
        r.department,
        `${r.entityType}:${r.entityId}`,
        `subject=${r.subject}`,
        `fields=${r.fields.join(',')}`,
        r.outcome,
        `${r.role}:${r.actor}@${r.channel}`,
        `purpose=${r.purpose}`,
        `case=${r.caseId}`,
      ].join(' '),
    )
    .sort();
}

/** A W3C trace id the suites choose: 32 hex, `seed` (hex digits) at the front, `n` at the end. */
export function traceIdOf(seed: string, n: number): string {
  return `${seed}${n.toString(16).padStart(32 - seed.length, '0')}`;
}

/** The `traceparent` header that makes the gateway use this trace id. */
export function traceparent(traceId: string): string {
  return `00-${traceId}-00f067aa0ba902b7-01`;
}

export const OFFICER_ON_CASE: Caller = {
  claims: { role: 'officer', sub: 'officer-0042', department: 'service-center', window: 'A-07' },
  purpose: COUNTER_VIEW_PURPOSE,
};
export const OFFICER_WITHOUT_PURPOSE: Caller = { ...OFFICER_ON_CASE, purpose: null };
/** An officer checking a person's identity under the statutory purpose (no look-ups: it opens anyone). */
export const OFFICER_CHECKING_IDENTITY: Caller = {
  claims: { role: 'officer', sub: 'officer-0007', department: 'service-center', window: 'A-02' },
  purpose: 'IDENTITY-VERIFICATION',
};
export const CITIZEN_ZHANG_WEI: Caller = {
  claims: { role: 'citizen', sub: 'citizen-zw', person: GOLDEN.zhangWei },
};
export const AGENT_OF_RESTAURANT: Caller = {
  claims: { role: 'company_agent', sub: 'agent-restaurant', company: GOLDEN.restaurant },
};
export const AUDITOR: Caller = { claims: { role: 'auditor', sub: 'auditor-01' } };

/** The counter view's case (`case:C2026110200001` names it). */
const CASE_ID = COUNTER_VIEW_PURPOSE.slice('case:'.length);
const ZW = `Person:${GOLDEN.zhangWei}`;
const XY = `Person:${GOLDEN.zhangXiaoyu}`;
const RESTAURANT = `Company:${GOLDEN.restaurant}`;
const FLAT = '沪(2019)普字不动产权第012345号';

/** Zhang Wei's six certificates in the library (mocks/data/golden.ts), issued by five departments. */
export const ZHANG_WEI_CERTIFICATES = [
  `PS-ID-${GOLDEN.zhangWei}`,
  `PS-HH-${GOLDEN.zhangWei}`,
  'HL-HC-2026-000173',
  'HS-RE-2019-012345',
  `TX-IIT-2025-${GOLDEN.zhangWei}`,
  `HR-SSC-${GOLDEN.zhangWei}`,
];
/** Zhang Xiaoyu's three certificates in the library. */
const XIAOYU_CERTIFICATES = [
  'HL-BMC-Q310512347',
  `PS-ID-${GOLDEN.zhangXiaoyu}`,
  `PS-HH-${GOLDEN.zhangXiaoyu}`,
];

/** Values of Zhang Wei's data the counter view shows to a reader who may see everything. */
export const COUNTER_VIEW_VALUES = [
  GOLDEN.zhangWei,
  '张伟',
  '1990-03-07',
  '上海市普陀区长寿路588弄12号602室',
  'SH0017350017',
  '上海普陀张记餐饮有限公司',
  GOLDEN.restaurant,
  'JY23101070012345',
  'C2026112000001',
  ...ZHANG_WEI_CERTIFICATES,
];

/** Every value of Zhang Wei's the suites ask for; a withheld answer must hold none of them. */
export const ZHANG_WEI_VALUES = [...COUNTER_VIEW_VALUES, 'ZHANG WEI', '13817350017'];

/** One department's read of one entity: [department, entityType, entityId, subject, fields, outcome]. */
export type Read = [string, string, string, string | null, string[], AuditDraft['outcome']?];

/** The look-ups that work out whose data an officer's `case:C2026110200001` opens (gateway/trust/subject-resolver.ts). */
export const CASE_LOOKUPS: Read[] = [
  ['service-center', 'Case', CASE_ID, ZW, ['applicant', 'department']],
  ['public-security', 'Person', GOLDEN.zhangWei, ZW, ['children']],
  ['public-security', 'Person', GOLDEN.zhangXiaoyu, XY, ['birthDate']],
  ['market-supervision', 'Person', GOLDEN.zhangWei, ZW, ['companies']],
];
/** The look-ups of a citizen's own subjects (themself and their minor children): made by the first request that reads a child. */
const CITIZEN_LOOKUPS: Read[] = [
  ['public-security', 'Person', GOLDEN.zhangWei, ZW, ['children']],
  ['public-security', 'Person', GOLDEN.zhangXiaoyu, XY, ['birthDate']],
];

/** His certificates that are health data (access-policy.json `sensitiveObjects`). */
const HEALTH_CERTIFICATES = new Set(['HL-HC-2026-000173']);

/**
 * The counter view of Zhang Wei (gateway/first-query.ts): his reads in seven departments. The
 * restaurant's legal representative's name is a second request to public security, so his person
 * is read there twice, with different fields. His health certificate is in the list only for a
 * reader who may see health data (a service-centre officer on a case may not: the library leaves
 * it out, so it is not read); his own open cases only once some were opened (the workload's
 * submitCase opens one).
 */
export function counterViewReads(seen: { health: boolean; ownOpenCases?: string[] }): Read[] {
  const certificates = ZHANG_WEI_CERTIFICATES.filter((id) => seen.health || !HEALTH_CERTIFICATES.has(id));
  return [
    ['public-security', 'Person', GOLDEN.zhangWei, ZW, ['birthDate', 'documentType', 'name']],
    ['big-data-center', 'Person', GOLDEN.zhangWei, ZW, ['certificates']],
    ...certificates.map((id): Read => [
      'big-data-center',
      'Certificate',
      id,
      ZW,
      ['issuer', 'status', 'title', 'type', 'validUntil'],
    ]),
    ['housing', 'Person', GOLDEN.zhangWei, ZW, ['properties']],
    ['housing', 'Property', FLAT, ZW, ['address', 'floorAreaM2', 'usage']],
    ['human-resources', 'Person', GOLDEN.zhangWei, ZW, ['socialSecurity']],
    ['market-supervision', 'Person', GOLDEN.zhangWei, ZW, ['companies']],
    [
      'market-supervision',
      'Company',
      GOLDEN.restaurant,
      RESTAURANT,
      ['legalRepresentative', 'licences', 'name'],
    ],
    ['public-security', 'Person', GOLDEN.zhangWei, ZW, ['name']],
    ['tax', 'Company', GOLDEN.restaurant, RESTAURANT, ['taxStatus']],
    ['service-center', 'Person', GOLDEN.zhangWei, ZW, ['cases']],
    ...(seen.ownOpenCases ?? []).map((id): Read => [
      'service-center',
      'Case',
      id,
      ZW,
      ['channel', 'matterName', 'status'],
    ]),
    ['service-center', 'Company', GOLDEN.restaurant, RESTAURANT, ['cases']],
    ['service-center', 'Case', 'C2026112000001', RESTAURANT, ['channel', 'matterName', 'status']],
  ];
}

/** The counter view read by the officer on case C2026110200001 on a fresh stack: 17 reads. */
export const COUNTER_VIEW_READS: Read[] = counterViewReads({ health: false });

/** One request of the workload and what the trail must hold of it. */
export interface WorkloadStep {
  title: string;
  query: string;
  variables?: Record<string, unknown>;
  channel: Channel;
  caller: Caller;
  /** The HTTP status and the error codes (in order) of the answer. */
  status: number;
  errors: string[];
  /** The gateway's request record: the operation's root fields and what the caller got. */
  rootFields: string[];
  outcome: AuditDraft['outcome'];
  /** The subject look-ups this request makes (purpose ACCESS-CHECK). */
  lookups?: Read[];
  /** The departments' reads under the stated purpose; the answer gives ids the request created. */
  reads: Read[] | ((reply: GraphQLReply) => Read[]);
}

const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitCaseInput!) {
    submitCase(input: $input) {
      replayed
      case {
        id
        status
        materials {
          status
          certificate {
            id
          }
        }
      }
    }
  }
`;

/** The workload, in the order it runs (the look-ups depend on it). */
export const WORKLOAD: WorkloadStep[] = [
  {
    title: "an officer's counter view on case C2026110200001",
    query: COUNTER_VIEW_QUERY,
    variables: { id: GOLDEN.zhangWei },
    channel: 'counter',
    caller: OFFICER_ON_CASE,
    status: 200,
    errors: [],
    rootFields: ['person'],
    outcome: 'returned',
    lookups: CASE_LOOKUPS,
    reads: COUNTER_VIEW_READS,
  },
  {
    title: 'a citizen reading themself',
    query: 'query Self($id: ID!) { person(id: $id) { name birthDate householdAddress } }',
    variables: { id: GOLDEN.zhangWei },
    channel: 'portal',
    caller: CITIZEN_ZHANG_WEI,
    status: 200,
    errors: [],
    rootFields: ['person'],
    outcome: 'returned',
    // Only himself: the gateway need not find out who his children are.
    reads: [['public-security', 'Person', GOLDEN.zhangWei, ZW, ['birthDate', 'householdAddress', 'name']]],
  },
  {
    title: 'a citizen reading their minor child',
    query: 'query Child($id: ID!) { person(id: $id) { name birthDate certificates { id type } } }',
    variables: { id: GOLDEN.zhangXiaoyu },
    channel: 'portal',
    caller: CITIZEN_ZHANG_WEI,
    status: 200,
    errors: [],
    rootFields: ['person'],
    outcome: 'returned',
    // The child is outside the part known at once (himself): now the gateway looks up his children.
    lookups: CITIZEN_LOOKUPS,
    reads: [
      ['public-security', 'Person', GOLDEN.zhangXiaoyu, XY, ['birthDate', 'name']],
      ['big-data-center', 'Person', GOLDEN.zhangXiaoyu, XY, ['certificates']],
      ...XIAOYU_CERTIFICATES.map((id): Read => ['big-data-center', 'Certificate', id, XY, ['type']]),
    ],
  },
  {
    title: 'a company agent reading their company',
    query:
      'query OwnCompany($u: ID!) { company(uscc: $u) { name status licences { type number } taxStatus { creditRating } } }',
    variables: { u: GOLDEN.restaurant },
    channel: 'app',
    caller: AGENT_OF_RESTAURANT,
    status: 200,
    errors: [],
    rootFields: ['company'],
    outcome: 'returned',
    reads: [
      ['market-supervision', 'Company', GOLDEN.restaurant, RESTAURANT, ['licences', 'name', 'status']],
      ['tax', 'Company', GOLDEN.restaurant, RESTAURANT, ['taxStatus']],
    ],
  },
  {
    title: "a company agent reaching for the legal representative's person (refused in the department)",
    query: 'query Representative($u: ID!) { company(uscc: $u) { name legalRepresentative { name } } }',
    variables: { u: GOLDEN.restaurant },
    channel: 'app',
    caller: AGENT_OF_RESTAURANT,
    status: 200,
    errors: ['FORBIDDEN'],
    rootFields: ['company'],
    outcome: 'denied',
    reads: [
      ['market-supervision', 'Company', GOLDEN.restaurant, RESTAURANT, ['legalRepresentative', 'name']],
      ['market-supervision', 'Person', GOLDEN.zhangWei, ZW, [], 'denied'],
    ],
  },
  {
    title: 'a citizen reading a stranger (refused at the gateway)',
    query: 'query Stranger($id: ID!) { person(id: $id) { name } }',
    variables: { id: GOLDEN.wangQiang },
    channel: 'portal',
    caller: CITIZEN_ZHANG_WEI,
    status: 403,
    errors: ['FORBIDDEN'],
    rootFields: ['person'],
    outcome: 'denied',
    reads: [],
  },
  {
    title: 'an officer reading a person outside their case (refused at the gateway)',
    query: 'query OutsideCase($id: ID!) { person(id: $id) { name } }',
    variables: { id: GOLDEN.wangQiang },
    channel: 'counter',
    caller: OFFICER_ON_CASE,
    status: 403,
    errors: ['FORBIDDEN'],
    rootFields: ['person'],
    outcome: 'denied',
    reads: [],
  },
  {
    title: 'an officer stating no purpose (refused at the gateway)',
    query: 'query NoPurpose($id: ID!) { person(id: $id) { name } }',
    variables: { id: GOLDEN.zhangWei },
    channel: 'counter',
    caller: OFFICER_WITHOUT_PURPOSE,
    status: 403,
    errors: ['PURPOSE_REQUIRED'],
    rootFields: ['person'],
    outcome: 'denied',
    reads: [],
  },
  {
    title: 'an officer stating a case that does not exist (its look-up finds nothing, so reads nothing)',
    query: 'query NoSuchCase($id: ID!) { person(id: $id) { name } }',
    variables: { id: GOLDEN.zhangWei },
    channel: 'counter',
    caller: { ...OFFICER_ON_CASE, purpose: 'case:C2026010100099' },
    status: 403,
    errors: ['PURPOSE_INVALID'],
    rootFields: ['person'],
    outcome: 'denied',
    reads: [],
  },
  {
    title: 'a company agent reading another company (refused at the gateway)',
    query: 'query OtherCompany($u: ID!) { company(uscc: $u) { name } }',
    variables: { u: GOLDEN.pharmacy },
    channel: 'app',
    caller: AGENT_OF_RESTAURANT,
    status: 403,
    errors: ['FORBIDDEN'],
    rootFields: ['company'],
    outcome: 'denied',
    reads: [],
  },
  {
    title: 'a citizen browsing the catalogue',
    query:
      'query Catalogue { departments { code name } matters(first: 3) { totalCount edges { node { code name } } } }',
    channel: 'portal',
    caller: CITIZEN_ZHANG_WEI,
    status: 200,
    errors: [],
    rootFields: ['departments', 'matters'],
    outcome: 'returned',
    reads: [],
  },
  {
    title: 'an officer without a purpose reading one matter of the catalogue',
    query: 'query Matter { matter(code: "ED-001") { name department { name } } }',
    channel: 'counter',
    caller: OFFICER_WITHOUT_PURPOSE,
    status: 200,
    errors: [],
    rootFields: ['matter'],
    outcome: 'returned',
    reads: [],
  },
  {
    title: 'a citizen submitting a case for themself',
    query: SUBMIT,
    variables: {
      input: {
        matterCode: 'ED-001',
        applicant: { personId: GOLDEN.zhangWei },
        idempotencyKey: 'audit-trail-zw-0001',
      },
    },
    channel: 'portal',
    caller: CITIZEN_ZHANG_WEI,
    status: 200,
    errors: [],
    rootFields: ['submitCase'],
    outcome: 'returned',
    // The case is created by this request: its id comes from the answer. `certificate { id }` is a
    // bare reference (the library is not asked), `replayed` belongs to no entity.
    reads: (reply) => {
      const id = (reply.body.data?.submitCase as { case: { id: string } }).case.id;
      return [['service-center', 'Case', id, ZW, ['materials', 'status']]];
    },
  },
];

const ROLES: Record<string, Role> = {
  officer: 'OFFICER',
  citizen: 'CITIZEN',
  company_agent: 'COMPANY_AGENT',
  auditor: 'AUDITOR',
};

/** Who the caller is, as the trail names them. */
export function actorOf(caller: Caller): { actor: string; role: Role } {
  return { actor: caller.claims!.sub, role: ROLES[caller.claims!.role]! };
}

/** Reads as records of one request, under its purpose (`caseId` from a `case:` purpose). */
export function readRecords(
  reads: Read[],
  traceId: string,
  caller: Caller,
  channel: string,
  purpose: string | null,
): RecordShape[] {
  return reads.map(([department, entityType, entityId, subject, fields, outcome = 'returned']) => ({
    traceId,
    kind: 'read',
    ...actorOf(caller),
    channel,
    purpose,
    caseId: purpose?.startsWith('case:') ? purpose.slice('case:'.length) : null,
    department,
    entityType,
    entityId,
    subject,
    fields,
    outcome,
  }));
}

/** Every record one step must leave: its look-ups, its reads and the gateway's request record. */
export function expectedRecords(step: WorkloadStep, traceId: string, reply: GraphQLReply): RecordShape[] {
  const purpose = step.caller.purpose ?? null;
  const reads = typeof step.reads === 'function' ? step.reads(reply) : step.reads;
  const operationName = /^(?:query|mutation)\s+(\w+)/.exec(step.query.trim())![1]!;
  return [
    ...readRecords(step.lookups ?? [], traceId, step.caller, step.channel, 'ACCESS-CHECK'),
    ...readRecords(reads, traceId, step.caller, step.channel, purpose),
    {
      traceId,
      kind: 'request',
      ...actorOf(step.caller),
      channel: step.channel,
      purpose,
      caseId: purpose?.startsWith('case:') ? purpose.slice('case:'.length) : null,
      department: 'gateway',
      entityType: 'Operation',
      entityId: operationName,
      subject: null,
      fields: step.rootFields,
      outcome: step.outcome,
    },
  ];
}
