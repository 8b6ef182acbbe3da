import { readFileSync } from 'node:fs';
import path from 'node:path';
import { subgraphsOf } from '../supergraph-file';
import { joinGraphs } from './join-graphs';

describe('joinGraphs', () => {
  it('names the same subgraphs and URLs as building the whole supergraph does', () => {
    const sdl = readFileSync(path.resolve(__dirname, '../supergraph.graphql'), 'utf8');
    const sorted = (l: { name: string; url: string }[]) =>
      [...l].sort((a, b) => a.name.localeCompare(b.name));
    expect(sorted(joinGraphs(sdl))).toEqual(sorted(subgraphsOf(sdl)));
    expect(joinGraphs(sdl)).toHaveLength(9);
  });
});
