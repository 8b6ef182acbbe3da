import Redis, { Cluster, ReplyError } from 'ioredis';

/**
 * What adapters cache legacy records in. Values are JSON-serialisable; `ttlMs` is
 * how long an entry may be served. In-process by default, Redis when REDIS_URL is set.
 */
export interface Cache {
  /** Values for the keys, `undefined` where missing or expired (one round trip for Redis). */
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  setMany<T>(entries: readonly { key: string; value: T }[], ttlMs: number): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export interface MemoryCacheOptions {
  /** Most entries kept; the least recently written go first. @default 50_000 */
  maxEntries?: number;
}

/** A bounded in-process cache with per-entry expiry. */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();
  private readonly maxEntries: number;

  constructor(options: MemoryCacheOptions = {}) {
    const maxEntries = options.maxEntries ?? 50_000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new TypeError(`maxEntries must be a positive integer: ${maxEntries}`);
    this.maxEntries = maxEntries;
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    const now = Date.now();
    return keys.map((key) => {
      const e = this.entries.get(key);
      if (!e) return undefined;
      if (e.expires <= now) {
        this.entries.delete(key);
        return undefined;
      }
      return structuredClone(e.value) as T;
    });
  }

  async setMany<T>(entries: readonly { key: string; value: T }[], ttlMs: number): Promise<void> {
    const expires = Date.now() + ttlMs;
    for (const { key, value } of entries) {
      this.entries.delete(key);
      this.entries.set(key, { value: structuredClone(value), expires });
    }
    while (this.entries.size > this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const k of keys) this.entries.delete(k);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}

/**
 * A cache in Redis (or Redis Cluster), shared by every subgraph instance. A client of one server
 * should auto-pipeline (createCache's does): the commands of all the requests that one turn of the
 * event loop serves then reach Redis in one write, not one write each, and socket writes are what
 * Redis costs a busy subgraph most.
 */
export class RedisCache implements Cache {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix = 'owdl:',
  ) {}

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    // GETs rather than one MGET: MGET across slots fails on a cluster.
    const raws = await Promise.all(
      keys.map((k) =>
        // A key holding another type is a miss; any other failure (a lost connection, a cluster
        // in the middle of a change) fails the read, which the operation takes as a miss too.
        this.redis.get(this.prefix + k).catch((e: unknown) => {
          if (e instanceof ReplyError && /^WRONGTYPE/.test((e as Error).message)) return null;
          throw e;
        }),
      ),
    );
    return raws.map((raw) => (raw == null ? undefined : (JSON.parse(raw) as T)));
  }

  async setMany<T>(entries: readonly { key: string; value: T }[], ttlMs: number): Promise<void> {
    await Promise.all(
      entries.map(({ key, value }) => this.redis.set(this.prefix + key, JSON.stringify(value), 'PX', ttlMs)),
    );
  }

  async delete(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((k) => this.redis.del(this.prefix + k)));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

/** Which cache createCache makes (cacheOptionsFromEnv reads them from the environment). */
export interface CacheOptions {
  /** Redis (or a Redis Cluster node) to cache in; absent: in-process. */
  redisUrl?: string | undefined;
  /** A Redis Cluster rather than one server. */
  cluster?: boolean;
  /** Prefix of every Redis key. @default 'owdl:' */
  prefix?: string;
}

/**
 * The cache chosen by the environment: Redis when `redisUrl` (REDIS_URL) is set,
 * a Redis Cluster when REDIS_CLUSTER=1 too; otherwise in-process.
 */
export function createCache(env: CacheOptions = {}): Cache {
  if (!env.redisUrl) return new MemoryCache();
  const url = new URL(env.redisUrl);
  // One server auto-pipelines: the commands issued while one turn of the event loop runs go in one
  // write. A cluster does not: ioredis re-sends an auto-pipeline on MOVED/ASK only when all of it was
  // reads, so during a resharding a SET or DEL in the batch would fail (an invalidation lost) rather
  // than follow the redirect; one command at a time, each follows it.
  const client = env.cluster
    ? new Cluster([{ host: url.hostname, port: Number(url.port || 6379) }])
    : new Redis(env.redisUrl, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: true,
        lazyConnect: false,
        enableAutoPipelining: true,
      });
  return new RedisCache(client, env.prefix);
}

/**
 * The cache options the environment asks for: REDIS_URL (and REDIS_CLUSTER=1 for a cluster), else
 * in-process; CACHE_KEY_PREFIX is the prefix of every Redis key (default `owdl:`), so deployments
 * (or bench runs) sharing one Redis keep apart.
 */
export function cacheOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CacheOptions {
  return {
    redisUrl: env.REDIS_URL || undefined,
    cluster: env.REDIS_CLUSTER === '1',
    ...(env.CACHE_KEY_PREFIX ? { prefix: env.CACHE_KEY_PREFIX } : {}),
  };
}

/** The cache the environment asks for (cacheOptionsFromEnv): Redis when REDIS_URL is set, else in-process. */
export function cacheFromEnv(env: NodeJS.ProcessEnv = process.env): Cache {
  return createCache(cacheOptionsFromEnv(env));
}
