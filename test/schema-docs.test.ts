import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPHS } from '../gateway/departments';
import { undocumented } from '../registry/checks/descriptions';

/**
 * Frontend teams read the schema as documentation: every type, field, argument and
 * enum value of every subgraph carries a description.
 */
const root = path.resolve(__dirname, '..');
/** Every subgraph the gateway composes (a department added by `npm run new:department` included). */
const subgraphs = SUBGRAPHS.map((s) => s.name);

describe('subgraph schemas', () => {
  it('are the ones gateway/departments.ts lists: a schema for each, and no schema it does not list', () => {
    const withSchema = readdirSync(path.join(root, 'subgraphs')).filter((d) =>
      existsSync(path.join(root, 'subgraphs', d, 'schema.graphql')),
    );
    expect(withSchema.sort()).toEqual([...subgraphs].sort());
  });

  it('include the eight departments and the audit views', () => {
    expect(subgraphs).toEqual(
      expect.arrayContaining([
        'audit',
        'big-data-center',
        'health',
        'housing',
        'human-resources',
        'market-supervision',
        'public-security',
        'service-center',
        'tax',
      ]),
    );
  });

  it.each(subgraphs)('%s describes every type, field, argument and enum value', (name) => {
    const sdl = readFileSync(path.join(root, 'subgraphs', name, 'schema.graphql'), 'utf8');
    expect(undocumented(sdl)).toEqual([]);
  });

  it('finds a missing description (the check itself can fail)', () => {
    expect(undocumented('"A" type A { "x" x: Int y(a: Int): Int } enum E { V }')).toEqual([
      'A.y',
      'A.y(a)',
      'type E',
      'E.V',
    ]);
  });
});
