import { Kind, parse, type DirectiveNode, type ValueNode } from 'graphql';

/** Which departments (subgraph names) own each type and resolve each field of a supergraph. */
export interface Departments {
  /** Type name → the departments that define it (@join__type), by name; `resolvable: false` references left out. */
  types: ReadonlyMap<string, string[]>;
  /** `Type.field` → the departments that resolve it (@join__field without `external`), when the supergraph says. */
  fields: ReadonlyMap<string, string[]>;
}

/**
 * Reads the join__ directives of a supergraph's SDL: the `join__Graph` enum maps each graph value
 * (`HEALTH`) to the department's name (`health`), then @join__type and @join__field name graphs.
 * Names come out sorted.
 */
export function departmentsOf(supergraphSdl: string): Departments {
  const doc = parse(supergraphSdl);
  const graphs = new Map<string, string>();
  for (const d of doc.definitions)
    if (d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph')
      for (const v of d.values ?? []) {
        const name = argument(
          v.directives?.find((x) => x.name.value === 'join__graph'),
          'name',
        );
        graphs.set(v.name.value, name?.kind === Kind.STRING ? name.value : v.name.value);
      }
  const nameOf = (d: DirectiveNode) => {
    const g = argument(d, 'graph');
    return g?.kind === Kind.ENUM ? (graphs.get(g.value) ?? g.value) : undefined;
  };
  const types = new Map<string, string[]>();
  const fields = new Map<string, string[]>();
  for (const d of doc.definitions) {
    if (!('name' in d) || !d.name || !('directives' in d)) continue;
    const typeName = d.name.value;
    const owners = (d.directives ?? [])
      .filter((x) => x.name.value === 'join__type' && !isFalse(argument(x, 'resolvable')))
      .map(nameOf);
    if (owners.length) types.set(typeName, sorted(owners));
    if (!('fields' in d)) continue;
    for (const f of d.fields ?? []) {
      const by = (f.directives ?? [])
        .filter((x) => x.name.value === 'join__field' && !isTrue(argument(x, 'external')))
        .map(nameOf);
      if (by.length) fields.set(`${typeName}.${f.name.value}`, sorted(by));
    }
  }
  return { types, fields };
}

function argument(d: DirectiveNode | undefined, name: string): ValueNode | undefined {
  return d?.arguments?.find((a) => a.name.value === name)?.value;
}

const isFalse = (v: ValueNode | undefined) => v?.kind === Kind.BOOLEAN && !v.value;
const isTrue = (v: ValueNode | undefined) => v?.kind === Kind.BOOLEAN && v.value;

function sorted(names: (string | undefined)[]): string[] {
  return [...new Set(names.filter((n): n is string => n !== undefined))].sort();
}
