import { Kind, parse } from 'graphql';

/**
 * The subgraphs a supergraph names (its `join__Graph` enum: name and URL), read with a plain
 * parse. For an SDL already checked as a supergraph: `subgraphsOf` (supergraph-file.ts) builds
 * the whole supergraph again, a few hundred ms of a blocked event loop at every reload.
 */
export function joinGraphs(sdl: string): { name: string; url: string }[] {
  const graphs: { name: string; url: string }[] = [];
  for (const def of parse(sdl, { noLocation: true }).definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') continue;
    for (const value of def.values ?? []) {
      const directive = value.directives?.find((d) => d.name.value === 'join__graph');
      const arg = (name: string) => {
        const v = directive?.arguments?.find((a) => a.name.value === name)?.value;
        return v?.kind === Kind.STRING ? v.value : undefined;
      };
      const name = arg('name');
      const url = arg('url');
      if (name !== undefined && url !== undefined) graphs.push({ name, url });
    }
  }
  return graphs;
}
