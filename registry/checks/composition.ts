import { composeSupergraph, CompositionFailed, type SubgraphSource } from '../../gateway/compose';
import { SUBGRAPHS } from '../../gateway/departments';
import type { SchemaProblem } from './report';

/**
 * Check 4 (COMPOSITION_FAILED): composes `members` (the current supergraph's subgraphs) with
 * `candidate` in place of its department's current schema (or added, for a new department), in
 * SUBGRAPHS order. Every composition error becomes one problem against the subgraph it names:
 * `[health] …` first, else the publishing department when the message names it among others
 * (it is the one that changed), else the first subgraph named, else the publishing department.
 */
export function composeWith(
  members: readonly SubgraphSource[],
  candidate: SubgraphSource,
): { supergraphSdl: string | null; problems: SchemaProblem[] } {
  const sources = [...members.filter((m) => m.name !== candidate.name), candidate].sort(
    (a, b) => order(a.name) - order(b.name),
  );
  try {
    return { supergraphSdl: composeSupergraph(sources), problems: [] };
  } catch (e) {
    if (!(e instanceof CompositionFailed)) throw e;
    const names = sources.map((s) => s.name);
    return {
      supergraphSdl: null,
      problems: e.errors.map((error) => ({
        code: 'COMPOSITION_FAILED',
        subgraph: error.subgraph ?? blamed(error.message, names, candidate.name),
        message: `${error.code}: ${error.message}`,
      })),
    };
  }
}

function order(name: string): number {
  const i = SUBGRAPHS.findIndex((s) => s.name === name);
  return i < 0 ? SUBGRAPHS.length : i;
}

/** The subgraph a composition message is about (see composeWith). */
export function blamed(message: string, subgraphs: readonly string[], publishing: string): string {
  const prefix = /^\[([^\]]+)\]/.exec(message)?.[1];
  if (prefix && subgraphs.includes(prefix)) return prefix;
  const named = subgraphs.filter((s) => message.includes(`"${s}"`));
  if (named.includes(publishing)) return publishing;
  return named[0] ?? publishing;
}
