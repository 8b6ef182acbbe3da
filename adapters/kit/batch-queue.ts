import { SharedCall } from './coalescing';
import type { ConcurrencyLimit } from './concurrency-limit';

/**
 * Keys waiting for a legacy call of one operation while all of its calls are busy. A system
 * that answers a bulk query in about the time of a single one (the HR bulk CSV: ~200 ms for
 * one id or ten) is used best by sending one call at a time per connection, and everything that
 * came in meanwhile in the next one: at light load a key goes out at once, under load the
 * keys of many requests share one call instead of queueing for a connection each.
 */
export interface FormingBatch<K, C> {
  readonly keys: K[];
  /** The context of the request that opened it (its trace goes with the call). */
  readonly context: C;
  /** The call every request with a key in it waits on (and joins, coalescing). */
  readonly call: SharedCall;
  /** Latest deadline of the requests with keys in it; undefined when one of them had none. */
  deadline: number | undefined;
  /** The position of each request's first key, so it finds its slots. */
  readonly slots: Promise<unknown[]>;
  /** Starts the call: hands it the promise of every key's slot, in `keys` order. */
  begin(results: Promise<unknown[]>): void;
}

export class BatchQueue<K, C> {
  private readonly waiting: FormingBatch<K, C>[] = [];
  private running = 0;

  constructor(
    /** How many calls may run at once (concurrency-limit.ts: fixed, or following the system's latency). */
    readonly concurrency: ConcurrencyLimit,
    /** Keys one call may carry. */
    readonly maxBatchSize: number,
  ) {}

  /** Calls running now. */
  get active(): number {
    return this.running;
  }

  /** Keys waiting for a call. */
  get queuedKeys(): number {
    return this.waiting.reduce((n, b) => n + b.keys.length, 0);
  }

  /** True when a call may go out now. */
  get hasRoom(): boolean {
    return this.running < this.concurrency.limit;
  }

  /** A call goes out (whether it waited or not). */
  started(): void {
    this.running++;
  }

  /**
   * Adds keys to the last forming batch that has room for them all, or a new one. Returns the
   * batch and where the keys start in it.
   */
  enqueue(
    keys: readonly K[],
    context: C,
    deadline: number | undefined,
  ): { batch: FormingBatch<K, C>; offset: number } {
    let batch = this.waiting.at(-1);
    if (!batch || batch.keys.length + keys.length > this.maxBatchSize) {
      let begin!: (results: Promise<unknown[]>) => void;
      const slots = new Promise<unknown[]>((resolve) => (begin = (p) => resolve(p)));
      batch = { keys: [], context, call: new SharedCall(deadline, false), deadline, slots, begin };
      this.waiting.push(batch);
    } else if (batch.deadline !== undefined)
      batch.deadline = deadline === undefined ? undefined : Math.max(batch.deadline, deadline);
    const offset = batch.keys.length;
    batch.keys.push(...keys);
    return { batch, offset };
  }

  /**
   * A call ended: the next forming batches go out while there is room. `send` starts one (and
   * calls ended() again when it ends); batches every request gave up on go to `drop` instead.
   */
  ended(send: (batch: FormingBatch<K, C>) => unknown, drop: (batch: FormingBatch<K, C>) => void): void {
    this.running--;
    while (this.hasRoom && this.waiting.length) {
      const batch = this.waiting.shift()!;
      if (batch.call.abandoned) {
        drop(batch);
        continue;
      }
      this.started();
      send(batch);
    }
  }
}
