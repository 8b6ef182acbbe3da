import path from 'node:path';
import { localSubgraphs, type SubgraphSource } from '../../gateway/compose';

/** The repository root, where subgraphs/<department>/schema.graphql live. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** Our 9 current subgraph schemas, in SUBGRAPHS order. */
export function ourSubgraphs(): SubgraphSource[] {
  return localSubgraphs(ROOT);
}

/** One of our current subgraph schemas. */
export function ourSdl(department: string): string {
  const s = ourSubgraphs().find((x) => x.name === department);
  if (!s) throw new Error(`no subgraph ${department}`);
  return s.sdl;
}

/** `/* GraphQL *\/` text of a minimal, documented federation 2 subgraph around `body`. */
export function subgraphSdl(body: string): string {
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\n${body}\n`;
}
