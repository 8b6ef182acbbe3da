/**
 * How many calls an operation batched across requests (batch-queue.ts) may run at once, found
 * from the legacy system's own answers rather than fixed (the idea of TCP Vegas and of
 * Netflix's concurrency-limits): while calls come back as fast as the fastest recently seen and
 * keys are waiting for a call, one more may run; when calls slow down, one fewer, but not below
 * `initial` (a bulk call's latency also grows with its size, and fewer calls make bigger batches:
 * slowness alone must not spiral down); when one fails (the system timed out, refused or broke),
 * half as many, down to `min`. The limit stays within [min, max].
 *
 * Why: with a fixed number of calls, a system that has room still makes the keys of a busy
 * minute wait for a free call (the HR bulk query at 8 calls of 200 ms serves 40 calls a second,
 * and at more than that every request waits on top of the 200 ms). Latency is the system's own
 * signal of how busy it is; the calls above `initial` are earned by it and lost when it rises or
 * the system fails (an operation may set `min` below `initial` to shed more when it fails).
 */
export interface ConcurrencyLimitOptions {
  /** Calls at once to begin with, and the fewest that slowness alone leads to (failures go down to `min`). */
  initial: number;
  /** Never fewer calls at once than this, failures or not. @default initial (the configured number stays available) */
  min?: number;
  /** Never more calls at once than this (the connections the adapter may open). */
  max: number;
}

/** A call whose latency is within this factor of the recent fastest counts as unhurried. */
export const FAST_FACTOR = 1.5;
/** A call slower than this factor of the recent fastest means the system is queueing: one fewer. */
export const SLOW_FACTOR = 2;
/** The fastest latency is taken over the last two windows of this many calls, so it follows a system that changed. */
export const BASELINE_WINDOW = 50;

export class ConcurrencyLimit {
  readonly min: number;
  readonly initial: number;
  readonly max: number;
  private current: number;
  private windowMin = Infinity;
  private previousWindowMin = Infinity;
  private inWindow = 0;

  constructor(options: ConcurrencyLimitOptions) {
    const min = options.min ?? options.initial;
    for (const [name, v] of [
      ['initial', options.initial],
      ['min', min],
      ['max', options.max],
    ] as const)
      if (!Number.isInteger(v) || v < 1)
        throw new TypeError(`concurrency ${name} must be a positive integer: ${v}`);
    if (!(min <= options.initial && options.initial <= options.max))
      throw new TypeError(
        `concurrency must satisfy min <= initial <= max: ${min}, ${options.initial}, ${options.max}`,
      );
    this.min = min;
    this.initial = options.initial;
    this.max = options.max;
    this.current = options.initial;
  }

  /** Calls that may run at once now. */
  get limit(): number {
    return this.current;
  }

  /** The fastest call of the last one or two windows, in ms (Infinity before the first). */
  get baselineMs(): number {
    return Math.min(this.windowMin, this.previousWindowMin);
  }

  /**
   * A call answered in `latencyMs`; `demand` says whether keys were waiting for a call when it
   * ended (without them, room to spare says nothing about whether more calls would be welcome).
   */
  succeeded(latencyMs: number, demand: boolean): void {
    const baseline = this.baselineMs;
    if (latencyMs > baseline * SLOW_FACTOR)
      this.current = Math.max(Math.min(this.initial, this.current), this.current - 1);
    else if (demand && latencyMs <= baseline * FAST_FACTOR)
      this.current = Math.min(this.max, this.current + 1);
    this.windowMin = Math.min(this.windowMin, latencyMs);
    if (++this.inWindow >= BASELINE_WINDOW) {
      this.previousWindowMin = this.windowMin;
      this.windowMin = Infinity;
      this.inWindow = 0;
    }
  }

  /** A call failed because of the system (a timeout, a refusal, a broken answer): half as many calls. */
  failed(): void {
    this.current = Math.max(this.min, Math.floor(this.current / 2));
  }
}
