import { MemoryCache, type Cache } from '../kit/cache';
import { logger } from '../kit/logger';
import { DEPARTMENT } from './errors';

/**
 * Most code ids one instance keeps in its own memory (some 80 bytes each: about 20 MB); past it,
 * the ids due to be forgotten first go first. At 700 scans/s an instance holds every id of the
 * last 6 minutes (60 s validity + 5 min grace); beyond, a replay of a dropped id says EXPIRED
 * instead of REPLAYED (the code is refused either way), and certificates are never pushed out.
 */
export const LOCAL_SEEN_MAX = 250_000;

/** Where a code id is kept in a shared cache. */
export const seenCacheKey = (jti: string) => `${DEPARTMENT}:suishenma.jti:${jti}`;

export interface SeenCodesOptions {
  /**
   * The adapter's cache. Shared (Redis) when it is not a MemoryCache: then every verified id is
   * also written there, so instances behind the gateway tell a replay seen at another; an
   * in-process MemoryCache is left to certificates (this memory does its job better).
   */
  cache: Cache;
  /** Clock, ms since the epoch. */
  now: () => number;
  /** How long after a code's expiry its id is kept, in ms. */
  graceMs: number;
  /** @default LOCAL_SEEN_MAX */
  maxLocal?: number;
}

/**
 * The ids (jti) of the codes verified, kept until expiry + grace, so a code shown again after it
 * expired is told REPLAYED (a photographed code) rather than EXPIRED. In process: sets of ids by
 * the second they may be forgotten at, so expiring is dropping whole sets (no timer, no per-id
 * timestamp, no copy of a value), and a second scan of the same code writes nothing. With a
 * shared cache, the first scan of a code at this instance also writes its id there, the writes of
 * one event-loop turn in one round trip; the scan waits for it, so a verified code is remembered
 * everywhere once its answer is out.
 */
export class SeenCodes {
  /** Ids by the second (epoch s) after which they may be forgotten; nearly in ascending order. */
  private readonly buckets = new Map<number, Set<string>>();
  private size = 0;
  private sweptAt = -Infinity;
  private readonly shared: Cache | undefined;
  private readonly maxLocal: number;
  private readonly graceSec: number;
  /** Ids waiting for the shared cache, by their forget-after second, and the write they wait for. */
  private pending: { byUntil: Map<number, string[]>; written: Promise<void> } | undefined;

  constructor(private readonly options: SeenCodesOptions) {
    this.shared = options.cache instanceof MemoryCache ? undefined : options.cache;
    this.maxLocal = options.maxLocal ?? LOCAL_SEEN_MAX;
    this.graceSec = Math.ceil(options.graceMs / 1000);
  }

  /** Ids held in process. */
  get localSize(): number {
    return this.size;
  }

  /** Remembers a verified code's id until its `exp` (epoch s) + grace; resolves once the shared cache has it. */
  remember(jti: string, exp: number): Promise<void> {
    this.sweep();
    const until = exp + this.graceSec;
    if (until * 1000 <= this.options.now()) return Promise.resolve();
    let bucket = this.buckets.get(until);
    if (bucket?.has(jti)) return Promise.resolve();
    if (!bucket) this.buckets.set(until, (bucket = new Set()));
    bucket.add(jti);
    this.size++;
    this.trim();
    return this.shared ? this.writeShared(jti, until) : Promise.resolve();
  }

  /** Whether the code `jti` (expiring at `exp`, epoch s) was verified before, here or at an instance sharing the cache. */
  async seen(jti: string, exp: number): Promise<boolean> {
    this.sweep();
    if (this.buckets.get(exp + this.graceSec)?.has(jti)) return true;
    if (!this.shared) return false;
    // An unreachable cache only turns REPLAYED into EXPIRED: the code is refused either way.
    const [seen] = await this.shared.getMany<boolean>([seenCacheKey(jti)]).catch(() => [undefined]);
    return seen === true;
  }

  /** Drops the sets whose time is up, at most once a second. */
  private sweep(): void {
    const now = this.options.now();
    if (now - this.sweptAt < 1_000) return;
    this.sweptAt = now;
    for (const [until, bucket] of this.buckets)
      if (until * 1000 <= now) {
        this.buckets.delete(until);
        this.size -= bucket.size;
      }
  }

  /** Over the limit: drops the sets to be forgotten soonest, then ids of the next one. */
  private trim(): void {
    while (this.size > this.maxLocal) {
      const first = Math.min(...this.buckets.keys());
      const bucket = this.buckets.get(first)!;
      const excess = this.size - this.maxLocal;
      if (bucket.size <= excess) {
        this.buckets.delete(first);
        this.size -= bucket.size;
      } else {
        for (const id of bucket) {
          bucket.delete(id);
          if (--this.size <= this.maxLocal) break;
        }
      }
    }
  }

  private writeShared(jti: string, until: number): Promise<void> {
    if (!this.pending) {
      const byUntil = new Map<number, string[]>();
      const written = new Promise<void>((resolve) =>
        setImmediate(() => {
          this.pending = undefined;
          const now = this.options.now();
          void Promise.all(
            [...byUntil]
              .filter(([u]) => u * 1000 > now)
              .map(([u, ids]) =>
                this.shared!.setMany(
                  ids.map((id) => ({ key: seenCacheKey(id), value: true })),
                  u * 1000 - now,
                ).catch((e: unknown) =>
                  logger.warn({ err: e }, 'big-data-center: could not remember Suishenma code ids'),
                ),
              ),
          ).then(() => resolve());
        }),
      );
      this.pending = { byUntil, written };
    }
    const ids = this.pending.byUntil.get(until);
    if (ids) ids.push(jti);
    else this.pending.byUntil.set(until, [jti]);
    return this.pending.written;
  }
}
