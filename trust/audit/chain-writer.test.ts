import type { Histogram } from 'prom-client';
import { metrics } from '../../adapters/kit/metrics';
import { GENESIS_HASH } from './chain';
import { ChainWriter, MAX_GROUP_RECORDS, type ChainBackend } from './chain-writer';
import type { AuditCheckpoint } from './reader';
import type { AuditRecord } from './record';
import { drafts } from './test-support';

/** A backend that keeps what it commits and can be told how to fail next. */
function backend() {
  const state = {
    records: [] as AuditRecord[],
    transactions: [] as number[],
    /** `throw`: nothing stored; `lost-answer`: stored, but the commit's answer never arrives. */
    next: 'ok' as 'ok' | 'throw' | 'lost-answer',
    headReads: 0,
  };
  const b: ChainBackend = {
    insert: async (records: readonly AuditRecord[], _cp: AuditCheckpoint | null) => {
      const mode = state.next;
      state.next = 'ok';
      if (mode === 'throw') throw new Error('connection reset');
      state.records.push(...records);
      state.transactions.push(records.length);
      if (mode === 'lost-answer') throw new Error('connection lost during COMMIT');
    },
    readHead: async () => {
      state.headReads++;
      const last = state.records[state.records.length - 1];
      return last ? { seq: last.seq, hash: last.hash } : null;
    },
  };
  return { state, b };
}

const policy = { every: 100, intervalMs: 10_000 };

describe('ChainWriter', () => {
  it('commits appends made together in one transaction, each caller getting its own records', async () => {
    const { state, b } = backend();
    const w = new ChainWriter('w', 'health', b, null, policy);
    const [x, y, z] = await Promise.all([w.append(drafts(2)), w.append(drafts(1)), w.append(drafts(3))]);
    expect([x, y, z].map((rs) => rs!.map((r) => r.seq))).toEqual([[1, 2], [3], [4, 5, 6]]);
    expect(state.transactions).toEqual([6]);
    expect(state.headReads).toBe(0);
  });

  it(`caps a transaction at ${MAX_GROUP_RECORDS} records but never splits one append`, async () => {
    const { state, b } = backend();
    const w = new ChainWriter('w', 'health', b, null, policy);
    await Promise.all([
      w.append(drafts(600)),
      w.append(drafts(600)),
      w.append(drafts(1200)),
      w.append(drafts(1)),
    ]);
    expect(state.transactions).toEqual([600, 600, 1200, 1]);
    expect(w.head.seq).toBe(2401);
  });

  it('leaves the head where it was when a transaction fails, and the next one continues from it', async () => {
    const { state, b } = backend();
    const w = new ChainWriter('w', 'health', b, null, policy);
    const first = await w.append(drafts(2));
    state.next = 'throw';
    await expect(w.append(drafts(1))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    expect(w.head).toEqual({ seq: 2, hash: first[1]!.hash });
    const [next] = await w.append(drafts(1));
    expect(next).toMatchObject({ seq: 3, prevHash: first[1]!.hash });
    expect(state.headReads).toBe(1);
  });

  it('continues after records whose commit went through though its answer was lost', async () => {
    const { state, b } = backend();
    const w = new ChainWriter('w', 'health', b, null, policy);
    state.next = 'lost-answer';
    await expect(w.append(drafts(2))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    expect(w.head).toEqual({ seq: 0, hash: GENESIS_HASH });
    const [next] = await w.append(drafts(1));
    expect(next).toMatchObject({ seq: 3, prevHash: state.records[1]!.hash });
    expect(state.records.map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('rejects every append of a failed group, and keeps appending in order afterwards', async () => {
    const { state, b } = backend();
    const w = new ChainWriter('w', 'health', b, null, policy);
    state.next = 'throw';
    const results = await Promise.allSettled([w.append(drafts(1)), w.append(drafts(1))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const later = await Promise.all([w.append(drafts(1)), w.append(drafts(1))]);
    expect(later.flat().map((r) => r.seq)).toEqual([1, 2]);
  });

  it('counts its transactions, their records and how long each append waited, by department and outcome', async () => {
    const { state, b } = backend();
    const department = 'metrics-test';
    const w = new ChainWriter('w', department, b, null, policy);
    // One group of two appends (3 records); then one alone (1 record); then one that fails.
    await Promise.all([w.append(drafts(2)), w.append(drafts(1))]);
    await w.append(drafts(1));
    state.next = 'throw';
    await expect(w.append(drafts(1))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });

    /** The `_count` and `_sum` of a histogram's samples of `department`, by outcome where it has one. */
    const figures = async (metric: Histogram) => {
      const out: Record<string, number> = {};
      for (const v of (await metric.get()).values) {
        if (v.labels.department !== department || !/_(count|sum)$/.test(v.metricName ?? '')) continue;
        const kind = v.metricName!.endsWith('_count') ? 'count' : 'sum';
        out[`${String(v.labels.outcome ?? 'all')} ${kind}`] = v.value;
      }
      return out;
    };
    expect(await figures(metrics.auditCommitRecords)).toEqual({ 'all count': 2, 'all sum': 4 });
    const commits = await figures(metrics.auditCommitDuration);
    expect([commits['ok count'], commits['failed count']]).toEqual([2, 1]);
    const appends = await figures(metrics.auditAppendDuration);
    expect([appends['ok count'], appends['failed count']]).toEqual([3, 1]);
    // Each append waited at least its own transaction: no less in all than the commits took.
    expect(appends['ok sum']).toBeGreaterThanOrEqual(commits['ok sum']!);
  });
});
