import { createHash } from 'node:crypto';
import { newAdapterContext } from '../../adapters/kit/operation';
import type { AuditDraft, AuditQuery, AuditRecord, AuditStore } from '../../trust/audit/record';
import type { SubgraphContext } from '../kit/context';
import { buildApollo } from '../kit/subgraph';
import { buildAuditSubgraph } from './server';
import { defaultPolicy } from '../../trust/policy/policy';
import type { Actor, Purpose, Role } from '../../trust/actor';

/**
 * An in-memory AuditStore for the audit subgraph's tests, with the contract's query semantics
 * (trust/audit/record.ts): newest first by time, then writer, then seq; `after` continues
 * after `<writer>#<seq>`. Not the real store: no durability, a simplified hash.
 */
export class FakeAuditStore implements AuditStore {
  readonly writer = 'audit@test:1:fake';
  readonly records: AuditRecord[] = [];
  /** Every query the subgraph made, as made. */
  readonly queries: AuditQuery[] = [];
  /** Set to make append reject (the store "down" for writes). */
  failAppends = false;
  /** Set to make query reject. */
  failQueries = false;
  closed = false;

  async append(drafts: AuditDraft[]): Promise<AuditRecord[]> {
    if (this.failAppends) throw new Error('disk full');
    return this.seed(this.writer, drafts);
  }

  /** Adds records under any writer, as other departments' stores would have. */
  seed(writer: string, drafts: AuditDraft[]): AuditRecord[] {
    const added: AuditRecord[] = [];
    for (const d of drafts) {
      const chain = this.records.filter((r) => r.writer === writer);
      const prev = chain[chain.length - 1];
      const body = { ...d, writer, seq: chain.length + 1, prevHash: prev ? prev.hash : '0'.repeat(64) };
      const record = { ...body, hash: createHash('sha256').update(JSON.stringify(body)).digest('hex') };
      this.records.push(record);
      added.push(record);
    }
    return added;
  }

  async query(q: AuditQuery): Promise<AuditRecord[]> {
    this.queries.push(q);
    if (this.failQueries) throw new Error('connection refused');
    const ordered = [...this.records].sort(newestFirst);
    let start = 0;
    if (q.after) {
      const i = ordered.findIndex((r) => `${r.writer}#${r.seq}` === q.after);
      start = i < 0 ? ordered.length : i + 1;
    }
    return ordered
      .slice(start)
      .filter((r) => matches(r, q))
      .slice(0, q.limit ?? 100);
  }

  /** Records the subgraph itself appended (its self-audit), oldest first. */
  ownRecords(): AuditRecord[] {
    return this.records.filter((r) => r.writer === this.writer);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function newestFirst(a: AuditRecord, b: AuditRecord): number {
  if (a.time !== b.time) return a.time < b.time ? 1 : -1;
  if (a.writer !== b.writer) return a.writer < b.writer ? 1 : -1;
  return b.seq - a.seq;
}

function matches(r: AuditRecord, q: AuditQuery): boolean {
  if (q.subject && r.subject !== q.subject && `${r.entityType}:${r.entityId}` !== q.subject) return false;
  if (q.actor && r.actor !== q.actor) return false;
  if (q.department && r.department !== q.department) return false;
  if (q.purpose && r.purpose !== q.purpose) return false;
  if (q.caseId && r.caseId !== q.caseId) return false;
  if (q.traceId && r.traceId !== q.traceId) return false;
  if (q.kind && r.kind !== q.kind) return false;
  if (q.from && r.time < q.from) return false;
  if (q.to && r.time >= q.to) return false;
  return true;
}

/** A department's read, with everything a test does not care about filled in. */
export function draft(over: Partial<AuditDraft>): AuditDraft {
  return {
    time: '2026-11-20T01:00:00.000Z',
    traceId: 'a'.repeat(32),
    kind: 'read',
    actor: 'officer-0042',
    role: 'OFFICER',
    channel: 'counter',
    purpose: 'case:C2026112000001',
    caseId: 'C2026112000001',
    department: 'health',
    entityType: 'Person',
    entityId: '310107199003070017',
    subject: 'Person:310107199003070017',
    fields: ['name'],
    outcome: 'returned',
    ...over,
  };
}

/**
 * A request context as the verified gateway context makes it: a citizen may touch their own
 * person, an agent their company (as the gateway works the subjects out).
 */
export function contextFor(
  role: Role,
  over: Partial<Actor> = {},
  extra: { purpose?: Purpose; channel?: string; traceId?: string } = {},
): SubgraphContext {
  const traceId = extra.traceId ?? 'f'.repeat(32);
  const channel = extra.channel ?? 'portal';
  const actor: Actor = {
    id: `${role.toLowerCase()}-1`,
    role,
    scopes: [],
    issuer: 'https://idp.test',
    ...over,
  };
  return {
    adapter: newAdapterContext({ traceId }),
    traceId,
    channel,
    trust: {
      actor,
      channel,
      purpose: extra.purpose,
      traceId,
      subjects: {
        persons: actor.role === 'CITIZEN' && actor.person ? [actor.person] : [],
        companies: actor.role === 'COMPANY_AGENT' && actor.company ? [actor.company] : [],
      },
    },
  };
}

/** A context without the signed part: what a direct call would carry. */
export function contextWithoutTrust(): SubgraphContext {
  const traceId = 'f'.repeat(32);
  return { adapter: newAdapterContext({ traceId }), traceId, channel: 'portal' };
}

/** What one operation answered, as a client would see it. */
export interface Answer {
  data?: Record<string, unknown> | null;
  errors?: readonly {
    message: string;
    path?: readonly (string | number)[];
    extensions?: Record<string, unknown>;
  }[];
}

/** The audit subgraph over a fake store, in process, with a fixed clock. */
export interface Harness {
  store: FakeAuditStore;
  run(query: string, variables: Record<string, unknown>, ctx: SubgraphContext): Promise<Answer>;
  stop(): Promise<void>;
}

/** When the self-audit records of the tests are written. */
export const NOW = new Date('2026-11-21T08:00:00.000Z');

export async function startHarness(store = new FakeAuditStore()): Promise<Harness> {
  // The repository's own policy: it must open these views to the right roles (deny by default).
  const apollo = buildApollo(buildAuditSubgraph({ store, now: () => NOW }), {
    policy: defaultPolicy(),
    audit: store,
  });
  await apollo.start();
  return {
    store,
    async run(query, variables, ctx) {
      const res = await apollo.executeOperation({ query, variables }, { contextValue: ctx });
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      const { data, errors } = res.body.singleResult;
      // Locations only say where in the operation text: left out so tests compare what matters.
      const plain = errors?.map(({ message, path, extensions }) => ({ message, path, extensions }));
      return JSON.parse(JSON.stringify(plain ? { data, errors: plain } : { data })) as Answer;
    },
    stop: () => apollo.stop(),
  };
}

/** The golden people and company of the demo data (mocks/data/golden.ts), spelled out: no import of mocks/. */
export const ZHANG_WEI = '310107199003070017';
export const LI_NA = '310107198511220021';
export const ZHANG_XIAOYU = '310107202308150047';
export const RESTAURANT = '91310107MA1FL3K2XE';

/** Trace ids of the seeded requests. */
export const TRACE = {
  /** An officer's counter request for case C2026112000001 over Zhang Wei and Li Na, in three departments. */
  counter: '4bf92f3577b34da6a3ce929d0e0e4736',
  /** Zhang Wei reading his own record on the portal. */
  ownRead: '00f067aa0ba902b7a5d3c5e2f1c0b9a8',
  /** A company agent reading the restaurant's data in two departments; the gateway recorded no request. */
  company: '5d1e0c4a7b2f4e8d9c3b6a1f0e2d4c7b',
  /** An officer's identity check on Li Na, statutory purpose. */
  identityCheck: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
  /** Zhang Wei reading his minor son's record. */
  child: '1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f',
  /** An officer reading Zhang Wei's real estate certificate for case C2026112000002. */
  certificate: '2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b',
} as const;

/** Chains the seeded records are written under: one per department process (and the gateway). */
export const WRITERS = {
  gateway: 'gateway@gw1:101:a1',
  ps: 'public-security@ps1:201:b1',
  health: 'health@h1:301:c1',
  housing: 'housing@hs1:401:d1',
  ms: 'market-supervision@ms1:501:e1',
  tax: 'tax@tx1:601:f1',
  bdc: 'big-data-center@bd1:701:g1',
} as const;

const case1 = {
  actor: 'officer-0042',
  role: 'OFFICER',
  channel: 'counter',
  purpose: 'case:C2026112000001',
  caseId: 'C2026112000001',
} as const;
const zw = { entityType: 'Person', entityId: ZHANG_WEI, subject: `Person:${ZHANG_WEI}` } as const;
const ln = { entityType: 'Person', entityId: LI_NA, subject: `Person:${LI_NA}` } as const;
const citizen = {
  actor: ZHANG_WEI,
  role: 'CITIZEN',
  channel: 'portal',
  purpose: null,
  caseId: null,
} as const;
const agent = {
  actor: 'agent-77',
  role: 'COMPANY_AGENT',
  channel: 'app',
  purpose: null,
  caseId: null,
} as const;
const restaurant = { entityType: 'Company', entityId: RESTAURANT, subject: `Company:${RESTAURANT}` } as const;

/**
 * A small audit trail across departments (labels r1..r12, in time order), written to the
 * store under each department's writer as the departments' own stores would have.
 */
export function seedTrail(store: FakeAuditStore): Record<string, AuditRecord> {
  const rows: [string, string, AuditDraft][] = [
    [
      'r1',
      WRITERS.ps,
      draft({
        time: '2026-11-19T22:00:00.000Z',
        traceId: TRACE.identityCheck,
        actor: 'officer-0099',
        purpose: 'PS-IDENTITY-CHECK',
        caseId: null,
        department: 'public-security',
        ...ln,
        fields: ['identityNumber', 'name'],
      }),
    ],
    [
      'r2',
      WRITERS.gateway,
      draft({
        time: '2026-11-20T01:00:00.000Z',
        traceId: TRACE.counter,
        kind: 'request',
        ...case1,
        department: 'gateway',
        entityType: 'Operation',
        entityId: 'CounterView',
        subject: null,
        fields: [],
      }),
    ],
    [
      'r3',
      WRITERS.ps,
      draft({
        time: '2026-11-20T01:00:00.010Z',
        traceId: TRACE.counter,
        ...case1,
        department: 'public-security',
        ...zw,
        fields: ['identityNumber', 'name'],
      }),
    ],
    [
      'r4',
      WRITERS.health,
      draft({
        time: '2026-11-20T01:00:00.020Z',
        traceId: TRACE.counter,
        ...case1,
        department: 'health',
        ...zw,
        fields: ['healthCertificates'],
        outcome: 'masked',
      }),
    ],
    [
      'r5',
      WRITERS.housing,
      draft({
        time: '2026-11-20T01:00:00.025Z',
        traceId: TRACE.counter,
        ...case1,
        department: 'housing',
        ...zw,
        fields: ['properties'],
      }),
    ],
    [
      'r6',
      WRITERS.ps,
      draft({
        time: '2026-11-20T01:00:00.030Z',
        traceId: TRACE.counter,
        ...case1,
        department: 'public-security',
        ...ln,
        fields: ['name'],
      }),
    ],
    [
      'r7',
      WRITERS.gateway,
      draft({
        time: '2026-11-20T03:00:00.000Z',
        traceId: TRACE.ownRead,
        kind: 'request',
        ...citizen,
        department: 'gateway',
        entityType: 'Operation',
        entityId: 'MyRecord',
        subject: null,
        fields: [],
      }),
    ],
    [
      'r8',
      WRITERS.ps,
      draft({
        time: '2026-11-20T03:00:00.010Z',
        traceId: TRACE.ownRead,
        ...citizen,
        department: 'public-security',
        ...zw,
        fields: ['name'],
      }),
    ],
    [
      'r9',
      WRITERS.ps,
      draft({
        time: '2026-11-20T04:00:00.000Z',
        traceId: TRACE.child,
        ...citizen,
        department: 'public-security',
        entityType: 'Person',
        entityId: ZHANG_XIAOYU,
        subject: `Person:${ZHANG_XIAOYU}`,
        fields: ['name'],
      }),
    ],
    [
      'r10',
      WRITERS.ms,
      draft({
        time: '2026-11-20T05:00:00.000Z',
        traceId: TRACE.company,
        ...agent,
        department: 'market-supervision',
        ...restaurant,
        fields: ['licences', 'name'],
      }),
    ],
    [
      'r11',
      WRITERS.tax,
      draft({
        time: '2026-11-20T05:00:00.015Z',
        traceId: TRACE.company,
        ...agent,
        department: 'tax',
        ...restaurant,
        fields: ['taxStatus'],
        outcome: 'denied',
      }),
    ],
    [
      'r12',
      WRITERS.bdc,
      draft({
        time: '2026-11-20T06:00:00.000Z',
        traceId: TRACE.certificate,
        actor: 'officer-0042',
        purpose: 'case:C2026112000002',
        caseId: 'C2026112000002',
        department: 'big-data-center',
        entityType: 'Certificate',
        entityId: 'HS-RE-2019-012345',
        subject: `Person:${ZHANG_WEI}`,
        fields: ['holder', 'status'],
      }),
    ],
  ];
  const out: Record<string, AuditRecord> = {};
  for (const [label, writer, d] of rows) out[label] = store.seed(writer, [d])[0]!;
  return out;
}

/** Records by their place in their chain (`{ writer, seq }`), the way tests name the records they expect. */
export function refs(...records: (AuditRecord | undefined)[]): { writer: string; seq: number }[] {
  return records.map((r) => {
    if (!r) throw new Error('no such seeded record');
    return { writer: r.writer, seq: r.seq };
  });
}
