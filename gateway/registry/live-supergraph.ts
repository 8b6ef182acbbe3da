import type { SupergraphSdlHook } from '@apollo/gateway';
import { logger } from '../../adapters/kit/logger';
import { joinGraphs } from './join-graphs';
import { supergraphVersionGauge } from './supergraph-metric';
import { sdlHash, type SupergraphSource, type SupergraphState } from './supergraph-source';

/** What the gateway serves now: what /ready reports, and the subgraphs its own calls and checks go to. */
export interface ServedSupergraph {
  /** The registry version, or null for a supergraph from a file. */
  version: number | null;
  /** sha256 of the SDL, lowercase hex. */
  sdlHash: string;
  /** Every subgraph with the URL the gateway calls (`<NAME>_SUBGRAPH_URL` overrides applied). */
  subgraphs: { name: string; url: string }[];
}

/**
 * The supergraph a gateway serves, following its source: hands @apollo/gateway the function form
 * of `supergraphSdl` and calls its `update` on every change. An update swaps the schema and query
 * planner for requests that start after it; a request being executed finishes with the plan and
 * schemas it started with (Apollo Server keeps each request's schema, @apollo/gateway 2.14 hands
 * the plan and schemas to the execution as arguments), so a compatible change fails no request.
 * (A request validated just before the swap is planned on the new schema: the same answer for a
 * compatible change; for a removed field it is the error the new schema gives.) Listeners (the
 * subgraph URL map, plan warming) run after each update the gateway accepted.
 */
export class LiveSupergraph {
  private served: ServedSupergraph;
  private readonly listeners = new Set<(served: ServedSupergraph) => void>();

  private constructor(
    private readonly source: SupergraphSource,
    private readonly overrides: Record<string, string>,
    private sdl: string,
    version: number | null,
  ) {
    this.served = this.describe({ version, sdl });
    supergraphVersionGauge.set(version ?? 0);
  }

  /** Loads the source's current supergraph (start-up stops on its error). */
  static async load(
    source: SupergraphSource,
    overrides: Record<string, string> = {},
  ): Promise<LiveSupergraph> {
    const first = await source.load();
    return new LiveSupergraph(source, overrides, first.sdl, first.version);
  }

  get current(): ServedSupergraph {
    return this.served;
  }

  /** Runs `listener` after every accepted update; returns the unsubscribe. */
  onUpdate(listener: (served: ServedSupergraph) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** For `new ApolloGateway({ supergraphSdl })`: serves the loaded SDL, then follows the source until the gateway stops. */
  readonly hook: SupergraphSdlHook = async ({ update }) => {
    const stop = this.source.watch((next) => this.apply(next, update));
    return { supergraphSdl: this.sdl, cleanup: async () => stop() };
  };

  private apply(next: SupergraphState, update: (sdl: string) => void): void {
    const previous = this.served;
    try {
      update(next.sdl);
    } catch (err) {
      // @apollo/gateway keeps the schema it had when an update throws; so do we.
      logger.error(
        { err, version: next.version, serving: previous.version },
        'the gateway refused a supergraph update; the one served keeps serving',
      );
      return;
    }
    this.sdl = next.sdl;
    this.served = this.describe(next);
    supergraphVersionGauge.set(next.version ?? 0);
    logger.info(
      {
        version: next.version,
        sdlHash: this.served.sdlHash,
        previous: { version: previous.version, sdlHash: previous.sdlHash },
        subgraphs: this.served.subgraphs.length,
      },
      'supergraph updated',
    );
    for (const listener of this.listeners) {
      try {
        listener(this.served);
      } catch (err) {
        logger.error({ err }, 'a supergraph update listener failed');
      }
    }
  }

  private describe({ version, sdl }: SupergraphState): ServedSupergraph {
    return {
      version,
      sdlHash: sdlHash(sdl),
      subgraphs: joinGraphs(sdl).map((s) => ({ ...s, url: this.overrides[s.name] ?? s.url })),
    };
  }
}
