import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';

/** Reads a supergraph file, stopping start-up with a clear message when it is missing or not a supergraph. */
export function readSupergraph(file: string): string {
  let sdl: string;
  try {
    sdl = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the supergraph file ${file}: ${(e as Error).message}`);
  }
  try {
    Supergraph.build(sdl);
  } catch (e) {
    throw new Error(`${file} is not a valid supergraph: ${(e as Error).message}`);
  }
  return sdl;
}

/** The subgraphs named in a supergraph, with the URLs composition recorded. */
export function subgraphsOf(sdl: string): { name: string; url: string }[] {
  const sg = Supergraph.build(sdl);
  return sg
    .subgraphs()
    .values()
    .map((s) => ({ name: s.name, url: s.url }));
}
