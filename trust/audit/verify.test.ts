import type { JSONWebKeySet, JWK } from 'jose';
import { hashRecord } from './chain';
import { CheckpointSigner } from './checkpoints';
import { MemoryAuditStore } from './memory-store';
import { drafts, signingKeys } from './test-support';
import { verifyAudit } from './verify';

/**
 * verifyAudit over the in-memory store, whose arrays a test can rewrite at will: the cases a
 * SQL table's primary key keeps out (two records claiming one seq), and the report's edges.
 * The tampering an attacker can do to a database is in tamper.conformance.ts.
 */
describe('verifyAudit', () => {
  let privateJwk: JWK;
  let jwks: JSONWebKeySet;
  beforeAll(async () => {
    ({ privateJwk, jwks } = await signingKeys());
  });
  const signed = async () =>
    new MemoryAuditStore({
      department: 'health',
      signer: await CheckpointSigner.create(privateJwk),
      checkpoints: { every: 5, intervalMs: 10_000 },
    });

  it('reports an empty store as ok with no chains', async () => {
    expect(await verifyAudit(new MemoryAuditStore(), jwks)).toEqual({
      ok: true,
      chains: [],
      records: 0,
      checkpoints: 0,
      problems: [],
    });
  });

  it('names a second record claiming a seq as inserted', async () => {
    const store = await signed();
    const records = [];
    for (const d of drafts(4)) records.push(...(await store.append([d])));
    // A forgery with a correct link and hash, placed before the genuine seq 3.
    const { hash: _hash, ...body } = { ...records[2]!, entityId: 'FORGED' };
    store.records.splice(2, 0, { ...body, hash: hashRecord(body) });
    const report = await verifyAudit(store, jwks);
    expect(report.problems).toEqual([
      { writer: store.writer, seq: 3, kind: 'inserted', detail: 'a second record claims seq 3' },
    ]);
    expect(report.chains[0]).toMatchObject({ records: 5, ok: false });
  });

  it('names a missing first record as deleted', async () => {
    const store = await signed();
    await store.append(drafts(3));
    store.records.shift();
    expect((await verifyAudit(store, jwks)).problems).toEqual([
      {
        writer: store.writer,
        seq: 1,
        kind: 'deleted',
        detail: 'seq 1 is missing (the next record is seq 2)',
      },
    ]);
  });

  it('names a chain whose every record is gone, its checkpoint left, as truncated from seq 1', async () => {
    const store = await signed();
    await store.append(drafts(5));
    store.records.splice(0);
    expect((await verifyAudit(store, jwks)).problems).toEqual([
      {
        writer: store.writer,
        seq: 1,
        kind: 'truncated',
        detail: 'a signed checkpoint vouches for seq 5, the chain ends at seq 0: records 1..5 were removed',
      },
    ]);
  });

  it('cannot tell a tail cut after the last checkpoint: the report shows how many records it left unsigned', async () => {
    const store = await signed();
    for (const d of drafts(8)) await store.append([d]);
    store.records.splice(6);
    const report = await verifyAudit(store, jwks);
    expect(report.ok).toBe(true);
    expect(report.chains[0]).toEqual({
      writer: store.writer,
      records: 6,
      checkpoints: 1,
      lastCheckpointSeq: 5,
      ok: true,
    });
  });

  it('checks only up to the first problem of a chain, and the other chains in full', async () => {
    const a = await signed();
    const b = new MemoryAuditStore({ department: 'tax', sharedWith: a });
    await a.append(drafts(6));
    await b.append(drafts(2));
    const i = a.records.findIndex((r) => r.writer === a.writer && r.seq === 2);
    a.records[i] = { ...a.records[i]!, outcome: 'denied' };
    const j = a.records.findIndex((r) => r.writer === a.writer && r.seq === 4);
    a.records[j] = { ...a.records[j]!, outcome: 'denied' };
    const report = await verifyAudit(a, jwks);
    expect(report.problems.map((p) => [p.writer, p.seq, p.kind])).toEqual([[a.writer, 2, 'edited']]);
    expect(report.chains.find((c) => c.writer === b.writer)).toMatchObject({ ok: true, records: 2 });
    expect(report.records).toBe(8);
  });

  it('reports progress every progressEvery records of a chain', async () => {
    const store = new MemoryAuditStore({ department: 'health' });
    await store.append(drafts(7));
    const seen: number[] = [];
    await verifyAudit(store, jwks, { progressEvery: 3, onProgress: (writer, n) => seen.push(n) });
    expect(seen).toEqual([3, 6]);
  });
});
