import { MAX_SDL_BYTES, schemaValidity } from './schema-validity';
import { ourSubgraphs, subgraphSdl } from './test-support';

describe('schemaValidity', () => {
  it('passes each of our 9 current subgraph schemas', () => {
    const subgraphs = ourSubgraphs();
    expect(subgraphs).toHaveLength(9);
    for (const s of subgraphs) expect(schemaValidity(s.name, s.sdl).problems).toEqual([]);
  });

  it('reports a schema that does not parse with graphql line and column, and no document', () => {
    const sdl = subgraphSdl('"A thing."\ntype Thing {\n  "Its id."\n  id: ID!\n  name String\n}');
    const { problems, document } = schemaValidity('health', sdl);
    expect(document).toBeNull();
    expect(problems).toEqual([
      {
        code: 'SCHEMA_INVALID',
        subgraph: 'health',
        message:
          'the schema does not parse at line 6, column 8: Syntax Error: Expected ":", found Name "String".',
      },
    ]);
  });

  it('refuses a schema without the federation 2 @link', () => {
    const { problems, document } = schemaValidity(
      'health',
      '"A thing."\ntype Thing {\n  "Its id."\n  id: ID!\n}',
    );
    expect(document).not.toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^not a federation 2 subgraph schema/);
  });

  it('refuses a federation 1 or other @link url', () => {
    const sdl = '"A thing."\ntype Thing {\n  "Its id."\n  id: ID!\n}';
    const other = `extend schema @link(url: "https://specs.apollo.dev/federation/v1.0")\n${sdl}`;
    expect(schemaValidity('health', other).problems.map((p) => p.code)).toEqual(['SCHEMA_INVALID']);
  });

  it('names every type, field, argument and enum value without a description', () => {
    const sdl = subgraphSdl(
      'type Thing {\n  "Its id."\n  id: ID!\n  size(unit: String): Int\n}\n"Colours."\nenum Colour {\n  RED\n}',
    );
    expect(schemaValidity('health', sdl).problems).toEqual([
      {
        code: 'SCHEMA_INVALID',
        subgraph: 'health',
        message:
          'every type, field, argument and enum value needs a description; missing on "type Thing", "Thing.size", "Thing.size(unit)", "Colour.RED"',
      },
    ]);
  });

  it('cuts a long list of undocumented names at 20', () => {
    const fields = Array.from({ length: 25 }, (_, i) => `  f${i}: Int`).join('\n');
    const sdl = subgraphSdl(`"A thing."\ntype Thing {\n${fields}\n}`);
    const [problem] = schemaValidity('health', sdl).problems;
    expect(problem!.message).toMatch(/"Thing\.f19" and 5 more$/);
  });

  it('refuses a schema over 512 KiB without parsing it', () => {
    const sdl = subgraphSdl(`# ${'x'.repeat(MAX_SDL_BYTES)}`);
    const { problems, document } = schemaValidity('health', sdl);
    expect(document).toBeNull();
    expect(problems).toEqual([
      {
        code: 'SCHEMA_INVALID',
        subgraph: 'health',
        message: `the schema is ${Buffer.byteLength(sdl)} bytes, over the 524288 bytes (512 KiB) a subgraph may have`,
      },
    ]);
  });

  it('refuses an empty schema', () => {
    expect(schemaValidity('health', '  \n').problems[0]!.message).toBe(
      'the schema is empty: send the subgraph SDL',
    );
  });
});
