import { sdlHash } from '../../registry/sdl-hash';
import type { RegistryStore } from '../../registry/model';
import type { Safelist } from '../limits/safelist';
import { readSupergraph } from '../supergraph-file';

/** One supergraph the gateway can serve: its registry version (null from a file) and its SDL. */
export interface SupergraphState {
  version: number | null;
  sdl: string;
}

/** Something that changes while the gateway runs and is loaded once at start-up. */
export interface Watchable<T> {
  /** The current value; start-up fails when it throws (the message says what to do). */
  load(): Promise<T>;
  /** Calls `onChange` with every later value (never the one `load` returned); returns the unsubscribe. */
  watch(onChange: (value: T) => void): () => void;
}

/**
 * Where the gateway's supergraph comes from: a file read once (`file`), or the schema registry's
 * store, polled so that a publish or a rollback is served without a restart (`registry`).
 */
export interface SupergraphSource extends Watchable<SupergraphState> {
  /** `file` or `registry`, for logs and /ready. */
  readonly kind: 'file' | 'registry';
  /** Registry mode: the safelist is the channel apps' registered operations and follows them. */
  readonly safelist?: Watchable<Safelist>;
  /** Registry mode: where the gateway adds up the operations it serves (the registry's usage check reads them). */
  readonly usage?: Pick<RegistryStore, 'recordUsage'>;
}

export { sdlHash };

/** A supergraph given as text (tests, the bench): served as it is, never changes. */
export function staticSupergraph(sdl: string): SupergraphSource {
  return {
    kind: 'file',
    load: async () => ({ version: null, sdl }),
    watch: () => () => undefined,
  };
}

/** A supergraph file (`npm run compose`), read and checked once at start-up; a change needs a restart. */
export function fileSupergraph(file: string): SupergraphSource {
  return {
    kind: 'file',
    load: async () => ({ version: null, sdl: readSupergraph(file) }),
    watch: () => () => undefined,
  };
}
