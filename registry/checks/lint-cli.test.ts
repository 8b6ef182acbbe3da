import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lintCli, lintSubgraphSchemas } from './lint-cli';

describe('lint:schema', () => {
  let root: string;
  const write = (subgraph: string, sdl: string) => {
    mkdirSync(path.join(root, 'subgraphs', subgraph), { recursive: true });
    writeFileSync(path.join(root, 'subgraphs', subgraph, 'schema.graphql'), sdl);
  };
  const run = () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = lintCli(root, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
    return { code, out, err };
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'owdl-lint-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('exits 1 naming each undocumented type, field, argument and enum value by subgraph', () => {
    write('tax', '"A tax record." type TaxRecord { "Its id." id: ID! year(format: String): Int }');
    write('health', 'enum Grade { "Good." A B }');
    write('housing', '"Documented." type Flat { "Its id." id: ID! }');
    mkdirSync(path.join(root, 'subgraphs', 'kit')); // no schema.graphql: not a subgraph
    const before = readFileSync(path.join(root, 'subgraphs', 'tax', 'schema.graphql'), 'utf8');
    expect(run()).toEqual({
      code: 1,
      out: [],
      err: [
        'health: type Grade',
        'health: Grade.B',
        'tax: TaxRecord.year',
        'tax: TaxRecord.year(format)',
        'lint:schema: 4 without a description; describe each in its subgraph\'s schema.graphql ("""…""" before it)',
      ],
    });
    // The lint only reads.
    expect(readFileSync(path.join(root, 'subgraphs', 'tax', 'schema.graphql'), 'utf8')).toBe(before);
  });

  it('reports a schema that does not parse instead of throwing', () => {
    write('tax', 'type {');
    expect(lintSubgraphSchemas(root)).toEqual([
      { subgraph: 'tax', what: 'does not parse: Syntax Error: Expected Name, found "{".' },
    ]);
    expect(run().code).toBe(1);
  });

  it('exits 0 when everything is described', () => {
    write('housing', '"Documented." type Flat { "Its id." id: ID! }');
    expect(run()).toEqual({
      code: 0,
      out: ['lint:schema: every type, field, argument and enum value of every subgraph has a description'],
      err: [],
    });
  });

  it("passes on this repository's subgraphs", () => {
    expect(lintSubgraphSchemas(path.resolve(__dirname, '../..'))).toEqual([]);
  });
});
