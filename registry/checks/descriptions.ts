import { Kind, parse, visit, type ASTNode } from 'graphql';

/**
 * Frontend teams read the schema as documentation, so every type, field, argument and enum value a
 * department publishes carries a description. Returns what lacks one (`type E`, `A.y`, `A.y(a)`,
 * `E.V`), in document order; throws graphql's GraphQLError when `sdl` does not parse.
 */
export function undocumented(sdl: string): string[] {
  const missing: string[] = [];
  const named = (n: ASTNode & { description?: unknown }, where: string) => {
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
