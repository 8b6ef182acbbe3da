import { MemoryAuditStore } from './memory-store';
import { describeQueryConformance } from './query.conformance';
import { describeStoreConformance } from './store.conformance';
import { drafts, type AuditTarget } from './test-support';
import { CheckpointSigner } from './checkpoints';
import { verifyAudit } from './verify';

function memoryTarget(): AuditTarget {
  let root = new MemoryAuditStore();
  return {
    engine: 'memory',
    fresh: async () => {
      root = new MemoryAuditStore();
    },
    openStore: async (options = {}) =>
      new MemoryAuditStore({
        department: 'health',
        sharedWith: root,
        signer: options.signingKey ? await CheckpointSigner.create(options.signingKey) : null,
        checkpoints: {
          every: options.checkpointEvery ?? 100,
          intervalMs: options.checkpointIntervalMs ?? 10_000,
        },
      }),
    // The root store never appends: a view of everything the stores sharing it wrote.
    openReader: async () => root,
    dropAll: async () => undefined,
  };
}

describeStoreConformance(memoryTarget());
describeQueryConformance(memoryTarget());

describe('MemoryAuditStore', () => {
  it('rejects appends with AUDIT_UNAVAILABLE while failing, then continues the chain', async () => {
    const store = new MemoryAuditStore({ department: 'health' });
    await store.append(drafts(2));
    store.failing = true;
    await expect(store.append(drafts(1))).rejects.toMatchObject({
      code: 'AUDIT_UNAVAILABLE',
      department: 'health',
      message: `audit store ${store.writer} could not append: the in-memory audit store is set to fail`,
    });
    expect(store.records).toHaveLength(2);
    expect(store.head.seq).toBe(2);
    store.failing = false;
    expect((await store.append(drafts(1))).map((r) => r.seq)).toEqual([3]);
    expect(await verifyAudit(store, { keys: [] })).toMatchObject({ ok: true, records: 3 });
  });

  it('names its writer after the department unless given one', () => {
    expect(new MemoryAuditStore({ department: 'tax' }).writer).toMatch(/^tax@/);
    expect(new MemoryAuditStore({ writer: 'gateway@test:1:a' }).writer).toBe('gateway@test:1:a');
  });
});
