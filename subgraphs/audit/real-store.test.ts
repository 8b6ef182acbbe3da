import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryAuditStore } from '../../trust/audit/memory-store';
import { openAuditStore } from '../../trust/audit/open-audit-store';
import type { WritableAuditStore } from '../../trust/audit/reader';
import { generateKeyPairJwk } from '../../trust/keys/key-store';
import { defaultPolicy } from '../../trust/policy/policy';
import { buildApollo } from '../kit/subgraph';
import { auditSubgraphOptionsFromEnv, buildAuditSubgraph, type AuditSubgraph } from './server';
import { contextFor, draft, TRACE, ZHANG_WEI } from './test-support';

const RECORDS = /* GraphQL */ `
  query ($after: String) {
    accessRecords(filter: { person: "${ZHANG_WEI}" }, first: 2, after: $after) {
      records {
        department
        seq
      }
      endCursor
      hasNextPage
    }
  }
`;

async function execute(def: AuditSubgraph, query: string, variables: Record<string, unknown> = {}) {
  const apollo = buildApollo(def, { policy: defaultPolicy(), audit: new MemoryAuditStore() });
  await apollo.start();
  try {
    const res = await apollo.executeOperation(
      { query, variables },
      { contextValue: contextFor('AUDITOR', { id: 'auditor-7' }) },
    );
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return res.body.singleResult;
  } finally {
    await apollo.stop();
  }
}

describe('the audit views over the real SQLite store, opened from the environment', () => {
  let dir: string;
  let health: WritableAuditStore;
  let def: AuditSubgraph;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'audit-views-'));
    const key = await generateKeyPairJwk('test-audit-views-1');
    writeFileSync(path.join(dir, 'audit.private.jwk.json'), JSON.stringify(key.privateJwk));
    const sqlitePath = path.join(dir, 'audit.sqlite');
    // What the health subgraph's writer would have recorded: three reads of one person.
    health = await openAuditStore({ department: 'health', sqlitePath });
    await health.append([
      draft({ time: '2026-11-20T01:00:00.000Z', department: 'health', traceId: TRACE.counter }),
      draft({ time: '2026-11-20T02:00:00.000Z', department: 'health', traceId: TRACE.counter }),
      draft({ time: '2026-11-20T03:00:00.000Z', department: 'health', traceId: TRACE.ownRead }),
    ]);
    def = buildAuditSubgraph(
      auditSubgraphOptionsFromEnv({
        AUDIT_SQLITE_PATH: sqlitePath,
        AUDIT_SIGNING_KEY_FILE: path.join(dir, 'audit.private.jwk.json'),
      }),
    );
  });

  afterAll(async () => {
    await def.close!();
    await health.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages with the store’s cursors and records each view in its own `audit@` chain', async () => {
    const first = await execute(def, RECORDS);
    expect(first).toEqual({
      data: {
        accessRecords: {
          records: [
            { department: 'health', seq: 3 },
            { department: 'health', seq: 2 },
          ],
          endCursor: `${health.writer}#2`,
          hasNextPage: true,
        },
      },
    });
    const second = await execute(def, RECORDS, { after: `${health.writer}#2` });
    expect(second.data).toEqual({
      accessRecords: {
        records: [{ department: 'health', seq: 1 }],
        endCursor: `${health.writer}#1`,
        hasNextPage: false,
      },
    });
    const own = await health.query({ department: 'audit' });
    expect(own.map((r) => [r.writer.startsWith('audit@'), r.seq, r.entityId, r.fields])).toEqual([
      [true, 2, `subject=Person:${ZHANG_WEI}`, ['department', 'seq']],
      [true, 1, `subject=Person:${ZHANG_WEI}`, ['department', 'seq']],
    ]);
    expect(await def.ready!()).toBe(true);
  });

  it('passes the store’s refusal of a cursor it does not hold through as INVALID_ARGUMENT', async () => {
    const answer = await execute(def, RECORDS, { after: 'ghost@nowhere:1:x#7' });
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_ARGUMENT']);
  });
});

describe('the audit views over the in-memory store of trust/audit', () => {
  it('fail closed when it refuses the record of the view', async () => {
    const store = new MemoryAuditStore({ department: 'audit' });
    const peer = new MemoryAuditStore({ department: 'gateway', sharedWith: store });
    await peer.append([
      draft({ kind: 'request', traceId: TRACE.counter, department: 'gateway', subject: null }),
    ]);
    const def = buildAuditSubgraph({ store });
    const TRACE_QUERY = `{ requestTrace(traceId: "${TRACE.counter}") { request { department } } }`;
    expect((await execute(def, TRACE_QUERY)).data).toEqual({
      requestTrace: { request: { department: 'gateway' } },
    });
    store.failing = true;
    const answer = await execute(def, TRACE_QUERY);
    expect(answer.data).toEqual({ requestTrace: null });
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
  });
});
