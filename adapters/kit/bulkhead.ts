import { DataLayerError } from './errors';

/**
 * A concurrency cap for one legacy system, with a bounded FIFO queue: a slow system can
 * hold at most `maxConcurrent` calls (and sockets), and when the queue is full a new call
 * fails BULKHEAD_FULL at once instead of piling up in memory.
 */
export class Bulkhead {
  private active = 0;
  private readonly queue: { start: () => void; fail: (e: Error) => void }[] = [];
  /** Calls refused because the queue was full (exported as a metric). */
  rejected = 0;

  constructor(
    readonly department: string,
    readonly maxConcurrent: number,
    readonly maxQueue: number,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Runs `fn` when a slot is free; waiting ends at `deadline` (epoch ms) with DEPARTMENT_TIMEOUT. */
  async run<T>(fn: () => Promise<T>, deadline?: number): Promise<T> {
    if (this.active >= this.maxConcurrent) await this.wait(deadline);
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next.start();
      else this.active--;
    }
  }

  private wait(deadline: number | undefined): Promise<void> {
    const department = this.department;
    if (this.queue.length >= this.maxQueue) {
      this.rejected++;
      return Promise.reject(
        new DataLayerError(
          'BULKHEAD_FULL',
          `${department}: ${this.maxConcurrent} calls in flight and ${this.maxQueue} waiting`,
          {
            department,
          },
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const entry = {
        // The slot of the call that finished passes straight to this one: `active` stays the same.
        start: () => {
          if (timer) clearTimeout(timer);
          resolve();
        },
        fail: reject,
      };
      this.queue.push(entry);
      if (deadline !== undefined) {
        timer = setTimeout(
          () => {
            const i = this.queue.indexOf(entry);
            if (i >= 0) this.queue.splice(i, 1);
            reject(
              new DataLayerError(
                'DEPARTMENT_TIMEOUT',
                `${department}: the request's deadline passed while waiting for a slot`,
                { department },
              ),
            );
          },
          Math.max(0, deadline - Date.now()),
        );
        timer.unref();
      }
    });
  }
}

/**
 * Retries may add at most `budgetPercent` % to the first attempts, plus `minPerSecond`:
 * a struggling system sees its load grow by that much at most, never doubled or tripled.
 * Tokens, counted in hundredths of a retry so that sums stay exact (0.2 added a hundred times
 * is 19.99999999999996, one retry short): each first attempt earns budgetPercent, each retry spends 100.
 */
export class RetryBudget {
  private tokens: number;
  private readonly cap: number;
  private windowStart = Date.now();
  private freeThisSecond = 0;
  /** Retries made and refused for want of budget (exported as metrics). */
  readonly counts = { retries: 0, denied: 0 };

  constructor(
    private readonly budgetPercent: number,
    private readonly minPerSecond: number,
  ) {
    this.cap = Math.max(1, budgetPercent) * 100; // about 100 first attempts' worth of saving
    this.tokens = 0;
  }

  recordAttempt(): void {
    this.tokens = Math.min(this.cap, this.tokens + this.budgetPercent);
  }

  tryRetry(): boolean {
    const now = Date.now();
    if (now - this.windowStart >= 1_000) {
      this.windowStart = now;
      this.freeThisSecond = 0;
    }
    if (this.freeThisSecond < this.minPerSecond) {
      this.freeThisSecond++;
      this.counts.retries++;
      return true;
    }
    if (this.tokens >= 100) {
      this.tokens -= 100;
      this.counts.retries++;
      return true;
    }
    this.counts.denied++;
    return false;
  }
}
