/**
 * The registry's own always-on rate limit (the gateway in front of it allows so many
 * requests a second per client), apart from the `rateLimitPerSecond` fault. A fixed
 * one-second window, as the real one counts.
 */
export class Quota {
  private windowStart = 0;
  private used = 0;

  constructor(private readonly perSecond: number) {
    if (!Number.isInteger(perSecond) || perSecond < 1)
      throw new TypeError(`rateLimitPerSecond must be a positive integer: ${perSecond}`);
  }

  /** Seconds to wait when this request is over the limit, otherwise undefined. */
  take(now = Date.now()): number | undefined {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.used = 0;
    }
    if (++this.used <= this.perSecond) return undefined;
    return Math.max(1, Math.ceil((this.windowStart + 1000 - now) / 1000));
  }
}
