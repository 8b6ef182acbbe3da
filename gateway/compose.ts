import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { defaultSubgraphUrl, SUBGRAPHS } from './departments';

export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

export class CompositionFailed extends Error {
  constructor(readonly problems: string[]) {
    super(`composition failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CompositionFailed';
  }
}

/** The subgraphs of this repository, read from subgraphs/<name>/schema.graphql. */
export function localSubgraphs(root: string): SubgraphSource[] {
  return SUBGRAPHS.map((s) => ({
    name: s.name,
    url: defaultSubgraphUrl(s),
    sdl: readFileSync(path.join(root, 'subgraphs', s.name, 'schema.graphql'), 'utf8'),
  }));
}

/**
 * Composes subgraph schemas into a supergraph with @apollo/composition. Errors name the
 * subgraph: a schema that does not parse is reported with its own name and position,
 * composition errors carry the subgraph names @apollo/composition puts in them.
 */
export function composeSupergraph(sources: readonly SubgraphSource[]): string {
  const problems: string[] = [];
  const services = [];
  for (const s of sources) {
    try {
      services.push({ name: s.name, url: s.url, typeDefs: parse(s.sdl) });
    } catch (e) {
      problems.push(`[${s.name}] schema does not parse: ${(e as Error).message}`);
    }
  }
  if (problems.length) throw new CompositionFailed(problems);
  const result = composeServices(services);
  if (result.errors) {
    throw new CompositionFailed(result.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`));
  }
  return result.supergraphSdl;
}
