import type { JSONWebKeySet, JWK } from 'jose';
import { GENESIS_HASH, hashRecord } from './chain';
import type { WritableAuditStore } from './reader';
import type { AuditRecord } from './record';
import { draft, drafts, signingKeys, type AuditTarget } from './test-support';
import { verifyAudit } from './verify';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Polls until `check` holds (an event awaited, not a duration asserted). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

/** What every AuditStore engine must do: the chain, the head, group commit, checkpoints, closing. */
export function describeStoreConformance(target: AuditTarget): void {
  describe(`audit store on ${target.engine}`, () => {
    let privateJwk: JWK;
    let jwks: JSONWebKeySet;
    const open: WritableAuditStore[] = [];
    const openStore = async (options?: Parameters<AuditTarget['openStore']>[0]) => {
      const store = await target.openStore(options);
      open.push(store);
      return store;
    };

    beforeAll(async () => {
      ({ privateJwk, jwks } = await signingKeys());
    });
    beforeEach(() => target.fresh());
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });
    afterAll(() => target.dropAll());

    it('appends drafts as a linked chain and resolves with the stored records', async () => {
      const store = await openStore();
      const records = await store.append(drafts(3));
      expect(records.map((r) => [r.writer, r.seq, r.entityId])).toEqual([
        [store.writer, 1, 'E0001'],
        [store.writer, 2, 'E0002'],
        [store.writer, 3, 'E0003'],
      ]);
      expect(records.map((r) => r.prevHash)).toEqual([GENESIS_HASH, records[0]!.hash, records[1]!.hash]);
      for (const r of records) {
        const { hash, ...body } = r;
        expect(hashRecord(body)).toBe(hash);
      }
      expect(store.head).toEqual({ seq: 3, hash: records[2]!.hash });
      expect(await all(store.readChain(store.writer))).toEqual(records);
    });

    it('continues the chain over later appends', async () => {
      const store = await openStore();
      const first = await store.append(drafts(2));
      const second = await store.append(drafts(3));
      expect(second.map((r) => r.seq)).toEqual([3, 4, 5]);
      expect(second[0]!.prevHash).toBe(first[1]!.hash);
      expect((await verifyAudit(store, jwks)).ok).toBe(true);
    });

    it('resolves append([]) with [] and stores nothing', async () => {
      const store = await openStore();
      expect(await store.append([])).toEqual([]);
      expect(store.head).toEqual({ seq: 0, hash: GENESIS_HASH });
      expect(await store.readChains()).toEqual([]);
    });

    it('gives each of many concurrent appends its own records, in call order, seqs without gaps', async () => {
      const store = await openStore();
      const sizes = Array.from({ length: 30 }, (_, i) => (i % 3) + 1);
      const results = await Promise.all(
        sizes.map((n, i) => store.append(drafts(n).map((d) => ({ ...d, actor: `caller-${i}` })))),
      );
      results.forEach((records, i) => {
        expect(records).toHaveLength(sizes[i]!);
        for (const r of records) expect(r.actor).toBe(`caller-${i}`);
      });
      expect(results.flat().map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const report = await verifyAudit(store, jwks);
      expect(report).toMatchObject({ ok: true, records: 60, problems: [] });
    });

    it('keeps two writers on one database apart: interleaved appends, two chains that both verify', async () => {
      const a = await openStore();
      const b = await openStore();
      expect(a.writer).not.toBe(b.writer);
      for (let i = 0; i < 10; i++) await Promise.all([a.append(drafts(2)), b.append(drafts(1))]);
      const reader = await target.openReader();
      try {
        expect(await reader.readChains()).toEqual([a.writer, b.writer].sort());
        const report = await verifyAudit(reader, jwks);
        expect(report.ok).toBe(true);
        expect(report.chains.map((c) => [c.writer, c.records, c.ok])).toEqual(
          [
            [a.writer, 20, true],
            [b.writer, 10, true],
          ].sort((x, y) => ((x[0] as string) < (y[0] as string) ? -1 : 1)),
        );
      } finally {
        await reader.close();
      }
    });

    it('signs a checkpoint every checkpointEvery records, at the end of the batch that reaches it, and on close', async () => {
      const store = await openStore({ signingKey: privateJwk, checkpointEvery: 5 });
      for (let i = 0; i < 4; i++) await store.append([draft()]);
      await store.append(drafts(3)); // seq 5..7: reaches 5, signs the batch's last record
      for (let i = 0; i < 5; i++) await store.append([draft()]); // 8..12: reaches 12
      await store.append([draft()]); // 13
      expect((await store.readCheckpoints(store.writer)).map((c) => c.seq)).toEqual([7, 12]);
      const head = store.head;
      await store.close();
      const reader = await target.openReader();
      try {
        const checkpoints = await reader.readCheckpoints(store.writer);
        expect(checkpoints.map((c) => [c.seq, c.kid])).toEqual([
          [7, 'test-audit-1'],
          [12, 'test-audit-1'],
          [13, 'test-audit-1'],
        ]);
        expect(checkpoints[2]!.hash).toBe(head.hash);
        expect(checkpoints[2]!.signature).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
        const report = await verifyAudit(reader, jwks);
        expect(report.chains).toEqual([
          { writer: store.writer, records: 13, checkpoints: 3, lastCheckpointSeq: 13, ok: true },
        ]);
      } finally {
        await reader.close();
      }
    });

    it('signs a checkpoint on request, and only when the head moved', async () => {
      const store = await openStore({ signingKey: privateJwk });
      await store.checkpoint();
      await store.append(drafts(2));
      await store.checkpoint();
      await store.checkpoint();
      expect((await store.readCheckpoints(store.writer)).map((c) => c.seq)).toEqual([2]);
    });

    it('signs a checkpoint every checkpointIntervalMs while the head moves', async () => {
      const store = await openStore({ signingKey: privateJwk, checkpointIntervalMs: 20 });
      await store.append(drafts(3));
      await eventually(
        async () => (await store.readCheckpoints(store.writer)).length === 1,
        'a checkpoint from the interval timer',
      );
      expect((await store.readCheckpoints(store.writer)).map((c) => c.seq)).toEqual([3]);
    });

    it('signs nothing without a signing key', async () => {
      const store = await openStore({ checkpointEvery: 1 });
      await store.append(drafts(3));
      await store.checkpoint();
      await store.close();
      const reader = await target.openReader();
      try {
        expect(await reader.readCheckpoints(store.writer)).toEqual([]);
      } finally {
        await reader.close();
      }
    });

    it('refuses appends once closed with AUDIT_UNAVAILABLE', async () => {
      const store = await openStore();
      await store.append(drafts(1));
      await store.close();
      await expect(store.append(drafts(1))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
      expect(store.head.seq).toBe(1);
    });

    it('rejects a malformed draft as INTERNAL and stores none of the batch', async () => {
      const store = await openStore();
      const bad = [draft(), { ...draft(), time: '2026-11-20 01:00' }];
      await expect(store.append(bad)).rejects.toMatchObject({
        code: 'INTERNAL',
        message:
          'audit draft 1: time must be ISO 8601 UTC with milliseconds (toISOString()): 2026-11-20 01:00',
      });
      await expect(
        store.append([{ ...draft(), outcome: 'leaked' as AuditRecord['outcome'] }]),
      ).rejects.toMatchObject({ code: 'INTERNAL' });
      expect(store.head.seq).toBe(0);
      expect(await store.readChains()).toEqual([]);
    });
  });
}
