import type { ApolloServerPlugin } from '@apollo/server';
import { logger } from '../../adapters/kit/logger';
import type { RegistryStore, UsageSample } from '../../registry/model';
import type { GatewayContext } from '../context';
import { operationId } from '../limits/safelist';

export interface UsageRecorderOptions {
  /** How often the counts are added to the store, in ms. @default 10_000 (10 s, REGISTRY_USAGE_FLUSH_MS) */
  flushMs?: number;
  /**
   * Most distinct (operation, client) pairs held between flushes; pairs beyond it are dropped and
   * logged, so a store that stays away cannot grow the gateway's memory without end. @default 10_000
   */
  maxKeys?: number;
  /** The clock, for the samples' `at`. @default () => new Date() */
  now?: () => Date;
}

/** REGISTRY_USAGE_FLUSH_MS's default, in ms. */
export const DEFAULT_USAGE_FLUSH_MS = 10_000;

/**
 * Counts the operations the gateway resolves, by operation id and client, and adds them to the
 * schema registry's usage sums: the registry's check refuses a change that breaks an operation
 * seen in live traffic. Counting is in memory; a flush every `flushMs` and one on close write
 * them. A failed flush keeps its counts for the next one.
 */
export class UsageRecorder {
  private counts = new Map<string, UsageSample>();
  private readonly maxKeys: number;
  private readonly now: () => Date;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private dropped = 0;

  constructor(
    private readonly sink: Pick<RegistryStore, 'recordUsage'>,
    options: UsageRecorderOptions = {},
  ) {
    const flushMs = options.flushMs ?? DEFAULT_USAGE_FLUSH_MS;
    if (!Number.isInteger(flushMs) || flushMs < 1)
      throw new Error(`flushMs must be a whole number of ms, at least 1: ${flushMs}`);
    this.maxKeys = options.maxKeys ?? 10_000;
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 1)
      throw new Error(`maxKeys must be a whole number, at least 1: ${this.maxKeys}`);
    this.now = options.now ?? (() => new Date());
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  /**
   * The Apollo plugin that counts each operation as its execution starts: not a text that does not
   * parse or validate, nor one a limit or the access policy refused (those throw before), so a
   * caller cannot keep fields "in use" with requests it may not make.
   */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => ({
        executionDidStart: async ({ request, source, operationName, contextValue }) => {
          const body = request.query ?? source;
          if (!body) return;
          const actor = contextValue.trust?.actor;
          const client = actor?.role === 'SERVICE' && actor.client ? actor.client : contextValue.channel;
          this.count({ id: operationId(body), name: operationName ?? null, body, client });
        },
      }),
    };
  }

  /** Adds one use of an operation by a client. */
  count(use: { id: string; name: string | null; body: string; client: string }): void {
    this.add({ ...use, count: 1, at: this.now().toISOString() });
  }

  /** Pairs counted since the last successful flush (for tests and logs). */
  pending(): UsageSample[] {
    return [...this.counts.values()].map((s) => ({ ...s }));
  }

  /** Writes the counts to the store; on failure they stay for the next flush. Flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  /** Stops the timer and flushes what is left. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async flushOnce(): Promise<void> {
    if (this.dropped > 0) {
      logger.warn(
        { dropped: this.dropped, maxKeys: this.maxKeys },
        'operation usage dropped: too many distinct operations between flushes',
      );
      this.dropped = 0;
    }
    if (this.counts.size === 0) return;
    const samples = [...this.counts.values()];
    this.counts = new Map();
    try {
      await this.sink.recordUsage(samples);
    } catch (err) {
      logger.error({ err, samples: samples.length }, 'operation usage not recorded; kept for the next flush');
      for (const s of samples) this.add(s);
    }
  }

  private add(sample: UsageSample): void {
    const key = `${sample.id}\u0000${sample.client}`;
    const known = this.counts.get(key);
    if (known) {
      known.count += sample.count;
      if (sample.at > known.at) known.at = sample.at;
      return;
    }
    if (this.counts.size >= this.maxKeys) {
      this.dropped += sample.count;
      return;
    }
    this.counts.set(key, { ...sample });
  }
}
