import path from 'node:path';
import { CompositionFailed, composeSupergraph, localSubgraphs } from './compose';

const root = path.resolve(__dirname, '..');

describe('composeSupergraph', () => {
  it('composes the eight department subgraphs', () => {
    const sdl = composeSupergraph(localSubgraphs(root));
    for (const name of [
      'PUBLIC_SECURITY',
      'MARKET_SUPERVISION',
      'HEALTH',
      'HOUSING',
      'TAX',
      'HUMAN_RESOURCES',
      'BIG_DATA_CENTER',
      'SERVICE_CENTER',
    ])
      expect(sdl).toContain(`${name} @join__graph`);
  });

  it('names the subgraph whose schema does not parse', () => {
    const sources = localSubgraphs(root).map((s) =>
      s.name === 'health' ? { ...s, sdl: 'type Person {' } : s,
    );
    expect(() => composeSupergraph(sources)).toThrow(CompositionFailed);
    expect(() => composeSupergraph(sources)).toThrow(/\[health\] schema does not parse/);
  });

  it('explains a conflict between subgraphs with their names', () => {
    const extra = {
      name: 'rogue',
      url: 'http://127.0.0.1:1/graphql',
      sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
            type Person @key(fields: "id") { id: ID! name: Int }`,
    };
    let error: CompositionFailed | undefined;
    try {
      composeSupergraph([...localSubgraphs(root), extra]);
    } catch (e) {
      error = e as CompositionFailed;
    }
    expect(error).toBeInstanceOf(CompositionFailed);
    expect(error!.problems.join('\n')).toMatch(/Person\.name/);
    expect(error!.problems.join('\n')).toMatch(/rogue/);
  });
});
