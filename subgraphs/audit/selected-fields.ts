import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getDirectiveValues,
  getNamedType,
  isObjectType,
  Kind,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

/** The type whose fields the self-audit record lists. */
const RECORD_TYPE = 'AccessRecord';

/**
 * Names of the `AccessRecord` fields the operation selects anywhere under the field being
 * resolved (through connections, traces, fragments; `@skip`/`@include` honoured), sorted: what
 * the caller will see of the audit trail, for the self-audit record's `fields`.
 */
export function accessRecordFields(info: GraphQLResolveInfo): string[] {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, type: GraphQLNamedType | undefined): void => {
    if (!set || !type || !isObjectType(type)) return;
    for (const sel of set.selections) {
      if (!included(sel, info)) continue;
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        visit(sel.selectionSet, sel.typeCondition ? info.schema.getType(sel.typeCondition.name.value) : type);
      } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = info.fragments[sel.name.value];
        if (fragment) visit(fragment.selectionSet, info.schema.getType(fragment.typeCondition.name.value));
      } else {
        const name = sel.name.value;
        if (name === '__typename') continue;
        if (type.name === RECORD_TYPE) names.add(name);
        const field = type.getFields()[name];
        if (field) visit(sel.selectionSet, getNamedType(field.type));
      }
    }
  };
  const returned = getNamedType(info.returnType);
  for (const node of info.fieldNodes) visit(node.selectionSet, returned);
  return [...names].sort();
}

function included(sel: SelectionSetNode['selections'][number], info: GraphQLResolveInfo): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, sel, info.variableValues);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, sel, info.variableValues);
  return include?.if !== false;
}
