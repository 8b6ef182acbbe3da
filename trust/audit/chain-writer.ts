import { DataLayerError } from '../../adapters/kit/errors';
import { logger } from '../../adapters/kit/logger';
import { metrics } from '../../adapters/kit/metrics';
import { EMPTY_HEAD, extendChain, type ChainHead } from './chain';
import type { CheckpointSigner } from './checkpoints';
import { checkDrafts } from './draft-check';
import type { AuditCheckpoint } from './reader';
import type { AuditDraft, AuditRecord } from './record';

/** What a store engine does for the writer: one transaction per call, and reading its own head back. */
export interface ChainBackend {
  /** Inserts the records and the checkpoint (when given) in one transaction; rejects if it did not commit. */
  insert(records: readonly AuditRecord[], checkpoint: AuditCheckpoint | null): Promise<void>;
  /** The writer's last stored record, or null: read after a failed commit (it may have committed after all). */
  readHead(writer: string): Promise<ChainHead | null>;
}

export interface CheckpointPolicy {
  /** Sign a checkpoint once this many records were appended since the last one. @default 100 */
  every: number;
  /** Sign one this often (ms) when the head moved since the last one. @default 10_000 (10 s) */
  intervalMs: number;
}

/** Most records committed in one transaction when appends queue up (group commit). @default 1000 */
export const MAX_GROUP_RECORDS = 1000;

interface PendingAppend {
  drafts: AuditDraft[];
  resolve: (records: AuditRecord[]) => void;
  reject: (e: unknown) => void;
}

/**
 * One writer's chain: the part of every store that is not SQL. It holds the head (seq, hash) in
 * memory, so an append never reads the database first, and takes the appends one transaction at
 * a time, in order. Appends that arrive while a transaction is running wait and then commit
 * together in the next one (group commit: one transaction, not one per caller, under load); each
 * caller still gets only its own records. The head moves only after a commit; when one fails
 * every append in it rejects with AUDIT_UNAVAILABLE and the next transaction first reads the
 * head back from the database, in case the commit went through and only its answer was lost.
 */
export class ChainWriter {
  private currentHead: ChainHead = EMPTY_HEAD;
  private lastCheckpointSeq = 0;
  private pending: PendingAppend[] = [];
  private running: Promise<void> | null = null;
  private checkpointWanted = false;
  private needsResync = false;
  private closed = false;
  private readonly timer: NodeJS.Timeout | null = null;

  constructor(
    readonly writer: string,
    private readonly department: string,
    private readonly backend: ChainBackend,
    private readonly signer: CheckpointSigner | null,
    private readonly policy: CheckpointPolicy,
  ) {
    if (signer) {
      this.timer = setInterval(() => {
        if (this.currentHead.seq > this.lastCheckpointSeq) this.requestCheckpoint();
      }, policy.intervalMs);
      // A quiet writer must not keep the process alive for its next checkpoint.
      this.timer.unref();
    }
  }

  get head(): ChainHead {
    return { ...this.currentHead };
  }

  append(drafts: AuditDraft[]): Promise<AuditRecord[]> {
    if (this.closed)
      return Promise.reject(this.unavailable(new Error('the audit store is closed'), 'is closed'));
    let clean: AuditDraft[];
    try {
      clean = checkDrafts(drafts);
    } catch (e) {
      return Promise.reject(e);
    }
    if (clean.length === 0) return Promise.resolve([]);
    const took = metrics.auditAppendDuration.startTimer({ department: this.department });
    return new Promise((resolve, reject) => {
      this.pending.push({
        drafts: clean,
        resolve: (records) => {
          took({ outcome: 'ok' });
          resolve(records);
        },
        reject: (e) => {
          took({ outcome: 'failed' });
          reject(e);
        },
      });
      this.kick();
    });
  }

  /** Signs and stores a checkpoint of the head if it moved; rejects with AUDIT_UNAVAILABLE if that failed. */
  async checkpoint(): Promise<void> {
    if (!this.signer) return;
    const target = this.currentHead.seq;
    if (target <= this.lastCheckpointSeq) return;
    this.requestCheckpoint();
    await this.idle();
    if (this.lastCheckpointSeq < target)
      throw this.unavailable(
        new Error('checkpoint not stored'),
        `could not store a checkpoint at seq ${target}`,
      );
  }

  /** Refuses new appends, lets queued ones finish, and seals the chain with a last checkpoint. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
    await this.checkpoint().catch((err: unknown) =>
      logger.warn({ err, writer: this.writer }, 'audit: closing checkpoint not stored'),
    );
  }

  private requestCheckpoint(): void {
    this.checkpointWanted = true;
    this.kick();
  }

  private async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = (async () => {
      // Appends made in the same tick as this one join its transaction.
      // Wait out this turn of the event loop: every append made in it (all the requests whose
      // answers just arrived) goes into one transaction, not one each.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.pending.length > 0 || this.checkpointWanted) await this.commitNext();
      // Cleared in the same synchronous step as the loop's last check: an append arriving
      // later always finds no runner and starts one.
      this.running = null;
    })();
  }

  private takeGroup(): PendingAppend[] {
    const group: PendingAppend[] = [];
    let records = 0;
    while (this.pending.length > 0) {
      const next = this.pending[0]!;
      if (group.length > 0 && records + next.drafts.length > MAX_GROUP_RECORDS) break;
      group.push(this.pending.shift()!);
      records += next.drafts.length;
    }
    return group;
  }

  /** One transaction: never throws, settles each append of the group. */
  private async commitNext(): Promise<void> {
    const group = this.takeGroup();
    const wantCheckpoint = this.checkpointWanted;
    this.checkpointWanted = false;
    const took = metrics.auditCommitDuration.startTimer({ department: this.department });
    let records: AuditRecord[];
    let committed = false;
    try {
      if (this.needsResync) await this.resync();
      records = extendChain(
        this.writer,
        this.currentHead,
        group.flatMap((a) => a.drafts),
      );
      const last = records[records.length - 1];
      const next: ChainHead = last ? { seq: last.seq, hash: last.hash } : this.currentHead;
      const checkpoint =
        this.signer &&
        next.seq > this.lastCheckpointSeq &&
        (wantCheckpoint || next.seq - this.lastCheckpointSeq >= this.policy.every)
          ? await this.signer.sign({ writer: this.writer, ...next, time: new Date().toISOString() })
          : null;
      if (records.length > 0 || checkpoint) {
        await this.backend.insert(records, checkpoint);
        committed = true;
      }
      this.currentHead = next;
      if (checkpoint) this.lastCheckpointSeq = checkpoint.seq;
    } catch (e) {
      took({ outcome: 'failed' });
      this.needsResync = true;
      const error = this.unavailable(e, 'could not append');
      if (group.length === 0) logger.warn({ err: e, writer: this.writer }, 'audit: checkpoint not stored');
      for (const a of group) a.reject(error);
      return;
    }
    // Committed: counted once, and each append settled once, outside the transaction's failure path.
    if (committed) took({ outcome: 'ok' });
    if (records.length > 0)
      metrics.auditCommitRecords.observe({ department: this.department }, records.length);
    let from = 0;
    for (const a of group) {
      a.resolve(records.slice(from, from + a.drafts.length));
      from += a.drafts.length;
    }
  }

  private async resync(): Promise<void> {
    const stored = await this.backend.readHead(this.writer);
    if (stored && stored.seq > this.currentHead.seq) {
      logger.warn(
        { writer: this.writer, seq: stored.seq, believed: this.currentHead.seq },
        'audit: a commit reported as failed had gone through; continuing after it',
      );
      this.currentHead = { seq: stored.seq, hash: stored.hash };
    }
    this.needsResync = false;
  }

  private unavailable(cause: unknown, what: string): DataLayerError {
    if (cause instanceof DataLayerError && cause.code === 'AUDIT_UNAVAILABLE') return cause;
    return new DataLayerError(
      'AUDIT_UNAVAILABLE',
      `audit store ${this.writer} ${what}: ${(cause as Error)?.message ?? String(cause)}`,
      { department: this.department, cause },
    );
  }
}
