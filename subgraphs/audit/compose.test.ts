import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type ObjectTypeDefinitionNode } from 'graphql';
import { composeSupergraph, localSubgraphs } from '../../gateway/compose';

const root = path.resolve(__dirname, '../..');

describe('the audit subgraph in the supergraph', () => {
  const sdl = composeSupergraph([
    // Once the gateway lists `audit` itself, localSubgraphs already holds it.
    ...localSubgraphs(root).filter((s) => s.name !== 'audit'),
    {
      name: 'audit',
      url: 'http://127.0.0.1:4009/graphql',
      sdl: readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8'),
    },
  ]);

  it('composes with the eight department subgraphs', () => {
    expect(sdl).toContain('AUDIT @join__graph(name: "audit", url: "http://127.0.0.1:4009/graphql")');
    expect(sdl).toContain('SERVICE_CENTER @join__graph');
  });

  it('adds its views to Query, answered by the audit subgraph alone', () => {
    const query = parse(sdl).definitions.find(
      (d): d is ObjectTypeDefinitionNode =>
        d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query',
    )!;
    const graphs = (name: string) =>
      query.fields
        ?.find((f) => f.name.value === name)
        ?.directives?.filter((d) => d.name.value === 'join__field')
        .map((d) => print(d));
    for (const name of ['accessRecords', 'requestTrace', 'me'])
      expect(graphs(name)).toEqual(['@join__field(graph: AUDIT)']);
  });

  it('returns persons and companies as references the departments resolve', () => {
    expect(sdl).toMatch(
      /type Person\n(\s+@join__type\(graph: \w+, key: "id"[^)]*\)\n)*\s+@join__type\(graph: AUDIT, key: "id", resolvable: false\)/,
    );
    expect(sdl).toMatch(
      /type Company\n(\s+@join__type\(graph: \w+, key: "uscc"[^)]*\)\n)*\s+@join__type\(graph: AUDIT, key: "uscc", resolvable: false\)/,
    );
  });
});
