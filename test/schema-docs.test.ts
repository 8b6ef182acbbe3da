import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, visit, type ASTNode } from 'graphql';

/**
 * Frontend teams read the schema as documentation: every type, field, argument and
 * enum value of every subgraph carries a description.
 */
const root = path.resolve(__dirname, '..');
const subgraphs = readdirSync(path.join(root, 'subgraphs')).filter((d) =>
  existsSync(path.join(root, 'subgraphs', d, 'schema.graphql')),
);

function undocumented(sdl: string): string[] {
  const missing: string[] = [];
  const named = (n: ASTNode & { name?: { value: string }; description?: unknown }, where: string) => {
    if (!n.description) missing.push(where);
  };
  let current = '';
  visit(parse(sdl), {
    enter(node) {
      switch (node.kind) {
        case Kind.OBJECT_TYPE_DEFINITION:
        case Kind.INTERFACE_TYPE_DEFINITION:
        case Kind.UNION_TYPE_DEFINITION:
        case Kind.ENUM_TYPE_DEFINITION:
        case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        case Kind.SCALAR_TYPE_DEFINITION:
          current = node.name.value;
          named(node, `type ${current}`);
          break;
        case Kind.FIELD_DEFINITION:
          named(node, `${current}.${node.name.value}`);
          for (const arg of node.arguments ?? [])
            named(arg, `${current}.${node.name.value}(${arg.name.value})`);
          break;
        case Kind.ENUM_VALUE_DEFINITION:
          named(node, `${current}.${node.name.value}`);
          break;
      }
    },
  });
  return missing;
}

describe('subgraph schemas', () => {
  it('are all present: eight departments and the audit views', () => {
    expect(subgraphs.sort()).toEqual([
      'audit',
      'big-data-center',
      'health',
      'housing',
      'human-resources',
      'market-supervision',
      'public-security',
      'service-center',
      'tax',
    ]);
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
