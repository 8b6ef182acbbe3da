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

/** One error of a failed composition: @apollo/composition's code and message, or PARSE_ERROR for a schema that does not parse. */
export interface CompositionError {
  code: string;
  message: string;
  /** The subgraph a parse error comes from; composition errors name theirs in `message` (`[health] …`, `subgraph "health"`). */
  subgraph?: string;
}

export class CompositionFailed extends Error {
  constructor(
    readonly problems: string[],
    /** The same problems, structured (the schema registry reports each against its subgraph). */
    readonly errors: CompositionError[] = problems.map((message) => ({ code: 'ERROR', message })),
  ) {
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
  const errors: CompositionError[] = [];
  const services = [];
  for (const s of sources) {
    try {
      services.push({ name: s.name, url: s.url, typeDefs: parse(s.sdl) });
    } catch (e) {
      errors.push({
        code: 'PARSE_ERROR',
        message: `[${s.name}] schema does not parse: ${(e as Error).message}`,
        subgraph: s.name,
      });
    }
  }
  if (errors.length)
    throw new CompositionFailed(
      errors.map((e) => e.message),
      errors,
    );
  const result = composeServices(services);
  if (result.errors) {
    const failed = result.errors.map((e) => ({
      code: String(e.extensions?.code ?? 'ERROR'),
      message: e.message,
    }));
    throw new CompositionFailed(
      failed.map((e) => `${e.code}: ${e.message}`),
      failed,
    );
  }
  return result.supergraphSdl;
}
