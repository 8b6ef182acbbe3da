/** One slot of a batch result: the value, `null` for "does not exist", or an Error for that key alone. */
export type Slot<V> = V | null | Error;

/**
 * One legacy batch call, shared by every request that needed one of its keys while it ran.
 * It has its own abort signal, not its starter's: a request that gives up stops waiting, and
 * the call is aborted only when every request waiting on it has given up (nobody would read
 * the answer; the socket and the bulkhead slot are freed for others, as before coalescing).
 */
export class SharedCall {
  private readonly controller = new AbortController();
  private waiters = 0;
  private done = false;

  constructor(
    /** The deadline (epoch ms) that bounds the call; undefined when none does. */
    public deadline: number | undefined,
    /** True when that deadline, not the policy's timeout, limited the call's time. */
    public boundByDeadline: boolean,
  ) {}

  /**
   * A call that waited in a forming batch (batch-queue.ts) is bound when it goes out: by the
   * latest deadline of the requests that put keys in it (none when one of them had none).
   */
  bind(deadline: number | undefined, boundByDeadline: boolean): void {
    this.deadline = deadline;
    this.boundByDeadline = boundByDeadline;
  }

  /** Aborted when the last waiter gave up before the call ended. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get settled(): boolean {
    return this.done;
  }

  /** Every waiter gave up and the call was aborted: nobody may join it any more. */
  get abandoned(): boolean {
    return this.controller.signal.aborted;
  }

  /** The call is over (answered or failed): leaving no longer aborts it. */
  settle(): void {
    this.done = true;
  }

  join(): void {
    this.waiters++;
  }

  /** A waiter stops waiting: got its answer, or gave up. The last one out of a running call aborts it. */
  leave(): void {
    this.waiters--;
    if (this.waiters === 0 && !this.done) this.controller.abort();
  }
}

interface Entry<V> {
  call: SharedCall;
  result: Promise<Slot<V>>;
}

/**
 * The keys of one operation being fetched right now in this process, by full cache key.
 * A request that misses the cache joins the call already fetching a key instead of sending
 * it again. Entries live from the call's start until its result is cached.
 */
export class InFlight<V> {
  private readonly byKey = new Map<string, Entry<V>>();

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): Entry<V> | undefined {
    return this.byKey.get(key);
  }

  /** Registers the call fetching `key`; a later call for the same key (a fresh read) takes over. */
  set(key: string, call: SharedCall, result: Promise<Slot<V>>): void {
    this.byKey.set(key, { call, result });
  }

  /** Is `call` still the one fetching `key` (not taken over, not forgotten by a write)? */
  owns(key: string, call: SharedCall): boolean {
    return this.byKey.get(key)?.call === call;
  }

  /** The call ended: its keys are no longer in flight, unless another call took them over. */
  release(key: string, call: SharedCall): void {
    if (this.owns(key, call)) this.byKey.delete(key);
  }

  /**
   * A write changed these records: a read that starts now must not join a call that started
   * before the write, and such a call must not put what it read into the cache.
   */
  forget(keys: readonly string[]): void {
    for (const k of keys) this.byKey.delete(k);
  }
}
