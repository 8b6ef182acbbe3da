import { EventEmitter } from 'node:events';
import { seededRandom } from './random';

/** Faults a mock can be told to show (POST /faults on its admin endpoint). All optional. */
export interface Faults {
  /** Added to the mock's realistic base latency, in ms. */
  latencyMs?: number;
  /** Share of requests answered with the protocol's own server error, 0..1 (repeatable: seeded). */
  errorRate?: number;
  /** Accept requests and never answer. */
  hang?: boolean;
  /** Answer with bytes that do not follow the protocol. */
  garbage?: boolean;
  /** Stop listening: new connections are refused, open ones are cut. */
  refuse?: boolean;
  /** Allow this many requests a second, answer the rest "rate limited" with Retry-After. */
  rateLimitPerSecond?: number;
  /** Answer everything "in maintenance" (e.g. HTTP 503) with this Retry-After, in seconds. */
  maintenanceRetryAfter?: number;
  /** Seed of the error-rate dice. @default 1 */
  seed?: number;
}

/** How many received requests a mock remembers (the oldest are dropped first). */
export const RECEIVED_LIMIT = 50;
/** Longest text kept of one received request, in UTF-16 code units; the rest is cut (a 5 MB body costs 16 K). */
export const RECEIVED_MAX_CHARS = 16_384;

export type FaultDecision =
  | { kind: 'ok' }
  | { kind: 'error' }
  | { kind: 'hang' }
  | { kind: 'garbage' }
  | { kind: 'rateLimited'; retryAfter: number }
  | { kind: 'maintenance'; retryAfter: number };

export interface MockStats {
  requests: number;
  byOperation: Record<string, number>;
  /** Keys asked for per operation (ids in a batch), where the protocol carries several. */
  keysByOperation: Record<string, number>;
  faults: Faults;
  baseLatencyMs: number;
  /** The W3C traceparent of the last request that carried one (real systems log it; tests read it). */
  lastTraceparent?: string;
}

/**
 * The fault and counting state of one mock. Protocol servers ask it what to do with
 * each request (`decide`) and count what they received (`count`).
 */
export class FaultController extends EventEmitter {
  private faults: Faults = {};
  private random = seededRandom(1);
  private requests = 0;
  private byOperation: Record<string, number> = {};
  private keysByOperation: Record<string, number> = {};
  private lastTraceparent: string | undefined;
  private receivedLog: string[] = [];
  private windowStart = 0;
  private windowCount = 0;

  constructor(public baseLatencyMs: number) {
    super();
  }

  set(faults: Faults): void {
    for (const [k, v] of Object.entries(faults)) {
      if (v !== undefined && typeof v !== 'number' && typeof v !== 'boolean')
        throw new TypeError(`fault ${k} must be a number or a boolean: ${JSON.stringify(v)}`);
    }
    if (faults.errorRate !== undefined && (faults.errorRate < 0 || faults.errorRate > 1))
      throw new TypeError(`errorRate must be from 0 to 1: ${faults.errorRate}`);
    const wasRefusing = Boolean(this.faults.refuse);
    this.faults = { ...faults };
    this.random = seededRandom(faults.seed ?? 1);
    this.windowCount = 0;
    if (wasRefusing !== Boolean(faults.refuse)) this.emit('refuse', Boolean(faults.refuse));
    this.emit('change', this.faults);
  }

  clear(): void {
    this.set({});
  }

  get current(): Faults {
    return { ...this.faults };
  }

  /** Remembers the trace a request carried. */
  noteTrace(traceparent: string | string[] | undefined): void {
    if (typeof traceparent === 'string') this.lastTraceparent = traceparent;
  }

  /**
   * Remembers one request as the legacy system read it (the SOAP XML decoded from GB18030, an HTTP
   * request line and body, a fixed-width TCP record, a SQL statement and its bound parameters), so
   * tests can see what arrived, byte for byte, rather than only how many. Keeps the last
   * RECEIVED_LIMIT, each cut at RECEIVED_MAX_CHARS.
   */
  noteReceived(raw: string): void {
    this.receivedLog.push(raw.length > RECEIVED_MAX_CHARS ? raw.slice(0, RECEIVED_MAX_CHARS) : raw);
    if (this.receivedLog.length > RECEIVED_LIMIT) this.receivedLog.shift();
  }

  /** The last requests received (at most RECEIVED_LIMIT), oldest first, since the last reset. */
  received(): string[] {
    return [...this.receivedLog];
  }

  /** Forgets the received requests (the counters stay). */
  resetReceived(): void {
    this.receivedLog = [];
  }

  count(operation: string, keys = 1): void {
    this.requests++;
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
    this.keysByOperation[operation] = (this.keysByOperation[operation] ?? 0) + keys;
  }

  /** Zeroes the counters and forgets the received requests. */
  resetCounts(): void {
    this.receivedLog = [];
    this.requests = 0;
    this.byOperation = {};
    this.keysByOperation = {};
    this.lastTraceparent = undefined;
  }

  stats(): MockStats {
    return {
      requests: this.requests,
      byOperation: { ...this.byOperation },
      keysByOperation: { ...this.keysByOperation },
      faults: this.current,
      baseLatencyMs: this.baseLatencyMs,
      lastTraceparent: this.lastTraceparent,
    };
  }

  /** The delay before answering, in ms. */
  latency(): number {
    return this.baseLatencyMs + (this.faults.latencyMs ?? 0);
  }

  /** What to do with the next request. */
  decide(): FaultDecision {
    const f = this.faults;
    if (f.maintenanceRetryAfter !== undefined)
      return { kind: 'maintenance', retryAfter: f.maintenanceRetryAfter };
    if (f.rateLimitPerSecond !== undefined) {
      const now = Date.now();
      if (now - this.windowStart >= 1000) {
        this.windowStart = now;
        this.windowCount = 0;
      }
      if (++this.windowCount > f.rateLimitPerSecond) {
        return {
          kind: 'rateLimited',
          retryAfter: Math.max(1, Math.ceil((this.windowStart + 1000 - now) / 1000)),
        };
      }
    }
    if (f.hang) return { kind: 'hang' };
    if (f.garbage) return { kind: 'garbage' };
    if (f.errorRate && this.random() < f.errorRate) return { kind: 'error' };
    return { kind: 'ok' };
  }
}

/** Resolves after `ms` (immediately for 0). */
export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

/** Bytes that follow no protocol: a fixed, repeatable mess (invalid UTF-8 and GB18030, stray markup). */
export const GARBAGE = Buffer.concat([
  Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x30, 0xc0]),
  Buffer.from('<<<%%% not what you asked for }}}{{{'),
  Buffer.from([0x80, 0x80, 0xa1]),
]);
