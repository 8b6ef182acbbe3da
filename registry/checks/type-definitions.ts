import {
  Kind,
  parse,
  print,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type TypeDefinitionNode,
  type TypeExtensionNode,
} from 'graphql';

/** The kinds of type a schema declares, as ownership compares them. */
export type DeclaredKind = 'object' | 'interface' | 'union' | 'enum' | 'scalar' | 'input';

/** One named type as a subgraph declares it: its definition and extensions taken together. */
export interface DeclaredType {
  name: string;
  kind: DeclaredKind;
  /** True when the type carries @key (an entity every subgraph may contribute fields to). */
  entity: boolean;
  /** True when some @key of it is resolvable (not `resolvable: false`): this subgraph can fetch the entity itself. */
  resolvable: boolean;
  /**
   * The declaration without descriptions, fields, values and members sorted: two subgraphs
   * declaring the same shared value type produce the same text even when written differently.
   */
  shape: string;
}

/** Types every subgraph declares for itself: the root operation types. */
export const ROOT_TYPES: ReadonlySet<string> = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Federation's own definitions, which a subgraph may spell out (`link__Import`, `_Service`,
 * `federation__FieldSet`…): never anyone's to own.
 */
export function isFederationType(name: string): boolean {
  return (
    name.startsWith('_') ||
    name.startsWith('link__') ||
    name.startsWith('join__') ||
    name.startsWith('federation__') ||
    name === 'FieldSet' ||
    name === 'Import' ||
    name === 'Purpose'
  );
}

const KINDS: Partial<Record<Kind, DeclaredKind>> = {
  [Kind.OBJECT_TYPE_DEFINITION]: 'object',
  [Kind.OBJECT_TYPE_EXTENSION]: 'object',
  [Kind.INTERFACE_TYPE_DEFINITION]: 'interface',
  [Kind.INTERFACE_TYPE_EXTENSION]: 'interface',
  [Kind.UNION_TYPE_DEFINITION]: 'union',
  [Kind.UNION_TYPE_EXTENSION]: 'union',
  [Kind.ENUM_TYPE_DEFINITION]: 'enum',
  [Kind.ENUM_TYPE_EXTENSION]: 'enum',
  [Kind.SCALAR_TYPE_DEFINITION]: 'scalar',
  [Kind.SCALAR_TYPE_EXTENSION]: 'scalar',
  [Kind.INPUT_OBJECT_TYPE_DEFINITION]: 'input',
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: 'input',
};

type TypeNode = TypeDefinitionNode | TypeExtensionNode;

function isTypeNode(d: DefinitionNode): d is TypeNode {
  return KINDS[d.kind] !== undefined;
}

/**
 * The types a subgraph schema declares, by name, root operation types and federation's own
 * definitions left out. `schema` is SDL or an already parsed document.
 */
export function declaredTypes(schema: string | DocumentNode): Map<string, DeclaredType> {
  const document = typeof schema === 'string' ? parse(schema) : schema;
  const nodes = new Map<string, TypeNode[]>();
  for (const d of document.definitions) {
    if (!isTypeNode(d)) continue;
    const name = d.name.value;
    if (ROOT_TYPES.has(name) || isFederationType(name)) continue;
    nodes.set(name, [...(nodes.get(name) ?? []), d]);
  }
  const out = new Map<string, DeclaredType>();
  for (const [name, list] of nodes) {
    out.set(name, {
      name,
      kind: KINDS[list[0]!.kind]!,
      entity: list.some((n) => n.directives?.some((x) => x.name.value === 'key')),
      resolvable: list.some((n) => n.directives?.some(isResolvableKey)),
      shape: list.map(shapeOf).sort().join('\n'),
    });
  }
  return out;
}

function isResolvableKey(d: ConstDirectiveNode): boolean {
  if (d.name.value !== 'key') return false;
  const r = d.arguments?.find((a) => a.name.value === 'resolvable')?.value;
  return !(r?.kind === Kind.BOOLEAN && r.value === false);
}

/** A declaration printed without descriptions and with its parts in name order. */
function shapeOf(node: TypeNode): string {
  return print(normalised(node) as unknown as TypeNode);
}

type Named = { name: { value: string } };

/** A copy of an AST node without `description` and `loc`, its named lists (fields, values, arguments, union members) sorted. */
function normalised(node: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key === 'loc') continue;
    if (Array.isArray(value) && ['fields', 'values', 'arguments', 'types'].includes(key))
      out[key] = [...(value as Named[])]
        .sort((a, b) => a.name.value.localeCompare(b.name.value))
        .map((v) => normalised(v));
    else out[key] = value;
  }
  return out;
}
