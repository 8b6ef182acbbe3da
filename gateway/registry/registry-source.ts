import { Supergraph } from '@apollo/federation-internals';
import { DataLayerError } from '../../adapters/kit/errors';
import { logger } from '../../adapters/kit/logger';
import type { RegistryStore } from '../../registry/model';
import type { Safelist } from '../limits/safelist';
import { startPolling, type PollLoop } from './poll-loop';
import { safelistOf } from './registered-safelist';
import type { SupergraphSource, SupergraphState, Watchable } from './supergraph-source';

export interface RegistrySourceOptions {
  /**
   * How often the store is asked for its current supergraph version and operations revision, in
   * ms (two cheap reads; the SDL and the operations are read only when they changed).
   * @default 1_000 (1 s, REGISTRY_POLL_MS)
   */
  pollMs?: number;
}

/** REGISTRY_POLL_MS's default, in ms. */
export const DEFAULT_REGISTRY_POLL_MS = 1_000;

/**
 * The supergraph the schema registry's store holds as current, and the operations the channel
 * apps registered there. Every gateway instance polls the one shared store, which is how they
 * converge on the same version without talking to each other. A version that is not a valid
 * supergraph is refused (logged once) and the one served before keeps serving; a store that
 * cannot be read is logged and asked again at the next poll.
 */
export class RegistrySupergraphSource implements SupergraphSource {
  readonly kind = 'registry' as const;
  readonly safelist: Watchable<Safelist>;
  readonly usage: Pick<RegistryStore, 'recordUsage'>;
  private readonly pollMs: number;
  /** The version last handed out (by load or to the watchers). */
  private version: number | null = null;
  /** The last version refused as not a supergraph, so it is logged once, not at every poll. */
  private refused: number | null = null;
  private revision: number | null = null;
  private readonly supergraphWatchers = new Set<(s: SupergraphState) => void>();
  private readonly safelistWatchers = new Set<(s: Safelist) => void>();
  private loop: PollLoop | null = null;

  constructor(
    private readonly store: RegistryStore,
    options: RegistrySourceOptions = {},
  ) {
    const pollMs = options.pollMs ?? DEFAULT_REGISTRY_POLL_MS;
    if (!Number.isInteger(pollMs) || pollMs < 1)
      throw new Error(`pollMs must be a whole number of ms, at least 1: ${pollMs}`);
    this.pollMs = pollMs;
    this.usage = { recordUsage: (samples) => store.recordUsage(samples) };
    this.safelist = {
      load: () => this.loadSafelist(),
      watch: (onChange) => this.subscribe(this.safelistWatchers, onChange),
    };
  }

  /**
   * The store's current supergraph. Throws VERSION_NOT_FOUND when the registry is empty (start-up
   * stops and says to bootstrap it) and an Error when the current version is not a supergraph.
   */
  async load(): Promise<SupergraphState> {
    const current = await this.store.current();
    if (!current)
      throw new DataLayerError(
        'VERSION_NOT_FOUND',
        `the schema registry (${this.store.kind}) holds no supergraph yet: run npm run subgraph -- bootstrap`,
      );
    const problem = supergraphProblem(current.sdl);
    if (problem)
      throw new Error(
        `supergraph version ${current.version} in the schema registry is not a valid supergraph: ${problem}`,
      );
    this.version = current.version;
    return { version: current.version, sdl: current.sdl };
  }

  watch(onChange: (s: SupergraphState) => void): () => void {
    return this.subscribe(this.supergraphWatchers, onChange);
  }

  private async loadSafelist(): Promise<Safelist> {
    // The revision is read first: operations registered in between bump it again, so the next poll reloads.
    this.revision = await this.store.operationsRevision();
    return safelistOf(await this.store.registeredOperations());
  }

  private subscribe<T>(watchers: Set<(v: T) => void>, onChange: (v: T) => void): () => void {
    const watcher = (v: T) => onChange(v);
    watchers.add(watcher);
    this.loop ??= startPolling('schema registry', this.pollMs, () => this.poll());
    return () => {
      watchers.delete(watcher);
      if (this.supergraphWatchers.size === 0 && this.safelistWatchers.size === 0) {
        this.loop?.stop();
        this.loop = null;
      }
    };
  }

  /** One poll: the supergraph, then the operations; a failure of either is thrown after both ran. */
  private async poll(): Promise<void> {
    const results = await Promise.allSettled([this.pollSupergraph(), this.pollOperations()]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async pollSupergraph(): Promise<void> {
    if (this.supergraphWatchers.size === 0) return;
    const version = await this.store.currentVersion();
    if (version === null || version === this.version || version === this.refused) return;
    const next = await this.store.supergraph(version);
    if (!next) return; // Gone between the two reads (a test reset): the next poll sees what is current.
    const problem = supergraphProblem(next.sdl);
    if (problem) {
      this.refused = version;
      logger.error(
        { version, serving: this.version, problem },
        'refused a supergraph version from the schema registry: not a valid supergraph; the one served keeps serving',
      );
      return;
    }
    this.version = version;
    notify(this.supergraphWatchers, { version, sdl: next.sdl });
  }

  private async pollOperations(): Promise<void> {
    if (this.safelistWatchers.size === 0) return;
    const revision = await this.store.operationsRevision();
    if (revision === this.revision) return;
    const operations = await this.store.registeredOperations();
    this.revision = revision;
    logger.info({ revision, operations: operations.length }, 'registered operations reloaded');
    notify(this.safelistWatchers, safelistOf(operations));
  }
}

/** Why `sdl` cannot be served as a supergraph (as @apollo/gateway checks it), or null. */
export function supergraphProblem(sdl: string): string | null {
  try {
    Supergraph.build(sdl, { validateSupergraph: true });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function notify<T>(watchers: Set<(v: T) => void>, value: T): void {
  for (const watcher of watchers) {
    try {
      watcher(value);
    } catch (err) {
      // One watcher's failure (logged) must not keep the others on the old value.
      logger.error({ err }, 'a schema registry watcher failed');
    }
  }
}
