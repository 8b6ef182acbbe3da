import { matchesQuery, newestFirst, normalizeQuery, unknownCursor } from './audit-query';
import { newWriterId, type ChainHead } from './chain';
import { ChainWriter, type CheckpointPolicy } from './chain-writer';
import type { CheckpointSigner } from './checkpoints';
import type { AuditCheckpoint, WritableAuditStore } from './reader';
import type { AuditDraft, AuditQuery, AuditRecord } from './record';

export interface MemoryAuditStoreOptions {
  /** @default 'test' */
  department?: string;
  /** @default newWriterId(department) */
  writer?: string;
  /** Signs checkpoints when given. @default null (none) */
  signer?: CheckpointSigner | null;
  /** @default { every: 100, intervalMs: 10_000 } */
  checkpoints?: CheckpointPolicy;
  /** Another store whose records and checkpoints this one shares (two writers on one "database"). */
  sharedWith?: MemoryAuditStore;
}

/**
 * The audit store in memory, for unit tests of the code that writes or reads audit records:
 * the same chain, hashes, checkpoints and query semantics as the SQL stores, nothing persisted.
 * Set `failing = true` to make every append reject with AUDIT_UNAVAILABLE (the fail-closed
 * path), and back to false to recover: the chain then continues where it stood.
 */
export class MemoryAuditStore implements WritableAuditStore {
  /** Every record, in append order: this writer's, and those of the stores sharing it (read-only for tests). */
  readonly records: AuditRecord[];
  readonly checkpoints: AuditCheckpoint[];
  /** While true, append rejects with AUDIT_UNAVAILABLE and nothing is stored. */
  failing = false;
  private readonly chain: ChainWriter;

  constructor(options: MemoryAuditStoreOptions = {}) {
    const department = options.department ?? 'test';
    this.records = options.sharedWith?.records ?? [];
    this.checkpoints = options.sharedWith?.checkpoints ?? [];
    this.chain = new ChainWriter(
      options.writer ?? newWriterId(department),
      department,
      {
        insert: async (records, checkpoint) => {
          if (this.failing) throw new Error('the in-memory audit store is set to fail');
          this.records.push(...records);
          if (checkpoint) this.checkpoints.push(checkpoint);
        },
        readHead: async (writer) => {
          const last = this.records.filter((r) => r.writer === writer).pop();
          return last ? { seq: last.seq, hash: last.hash } : null;
        },
      },
      options.signer ?? null,
      options.checkpoints ?? { every: 100, intervalMs: 10_000 },
    );
  }

  get writer(): string {
    return this.chain.writer;
  }

  get head(): ChainHead {
    return this.chain.head;
  }

  append(drafts: AuditDraft[]): Promise<AuditRecord[]> {
    return this.chain.append(drafts);
  }

  checkpoint(): Promise<void> {
    return this.chain.checkpoint();
  }

  async query(q: AuditQuery): Promise<AuditRecord[]> {
    const nq = normalizeQuery(q);
    let ordered = [...this.records].sort(newestFirst);
    if (nq.after) {
      const { writer, seq } = nq.after;
      const i = ordered.findIndex((r) => r.writer === writer && r.seq === seq);
      if (i < 0) throw unknownCursor(nq.after);
      ordered = ordered.slice(i + 1);
    }
    return ordered.filter((r) => matchesQuery(r, nq)).slice(0, nq.limit);
  }

  async readChains(): Promise<string[]> {
    return [...new Set([...this.records, ...this.checkpoints].map((r) => r.writer))].sort();
  }

  async *readChain(writer: string): AsyncIterable<AuditRecord> {
    const chain = this.records.filter((r) => r.writer === writer);
    // Stable: records claiming one seq stay in append order, as the SQL stores page them.
    for (const r of chain.sort((a, b) => a.seq - b.seq)) yield r;
  }

  async readCheckpoints(writer: string): Promise<AuditCheckpoint[]> {
    return this.checkpoints.filter((c) => c.writer === writer).sort((a, b) => a.seq - b.seq);
  }

  close(): Promise<void> {
    return this.chain.close();
  }
}
