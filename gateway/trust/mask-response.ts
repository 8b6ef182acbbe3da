import {
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { maskValue } from '../../trust/policy/decide';
import type { AccessPolicy, Category } from '../../trust/policy/policy';

/**
 * Masks the sensitive fields of a finished response that the caller may not see, walking the
 * data along the operation's selections (aliases, fragments, abstract types by __typename...
 * or by the only possible type). This is where keys such as `Person.id` are masked: subgraphs
 * cannot, because the gateway joins departments on them. Returns how many values it masked.
 */
export function maskResponse(
  schema: GraphQLSchema,
  policy: AccessPolicy,
  reveals: Set<Category>,
  data: Record<string, unknown>,
  selectionSet: SelectionSetNode,
  rootType: GraphQLObjectType,
  fragments: Record<string, FragmentDefinitionNode>,
): number {
  const hidden = Object.entries(policy.sensitive).filter(([, c]) => !reveals.has(c));
  if (hidden.length === 0) return 0;
  const masked = new Map(hidden);
  let count = 0;
  const walk = (value: unknown, type: GraphQLObjectType, set: SelectionSetNode): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((v) => walk(v, type, set));
    const obj = value as Record<string, unknown>;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        if (!(key in obj)) continue;
        const category = masked.get(`${type.name}.${sel.name.value}`);
        if (category && obj[key] !== null) {
          obj[key] = Array.isArray(obj[key]) ? null : maskValue(category, obj[key]);
          count++;
          continue;
        }
        const def = type.getFields()[sel.name.value];
        if (!def || !sel.selectionSet) continue;
        const named = getNamedType(def.type);
        walkTyped(obj[key], named, sel.selectionSet);
      } else {
        const fragmentSet =
          sel.kind === Kind.INLINE_FRAGMENT ? sel.selectionSet : fragments[sel.name.value]?.selectionSet;
        const on =
          sel.kind === Kind.INLINE_FRAGMENT
            ? sel.typeCondition?.name.value
            : fragments[sel.name.value]?.typeCondition.name.value;
        if (!fragmentSet) continue;
        if (on && on !== type.name) {
          const cond = schema.getType(on);
          if (!cond || !isAbstractType(cond) || !schema.isSubType(cond, type)) continue;
        }
        walk(obj, type, fragmentSet);
      }
    }
  };
  const walkTyped = (value: unknown, named: ReturnType<typeof getNamedType>, set: SelectionSetNode): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((v) => walkTyped(v, named, set));
    if (isObjectType(named)) return walk(value, named, set);
    if (isAbstractType(named)) {
      const typename = (value as Record<string, unknown>).__typename;
      const possible = schema.getPossibleTypes(named);
      const concrete =
        possible.find((p) => p.name === typename) ?? (possible.length === 1 ? possible[0] : undefined);
      // Without __typename an abstract value is walked as each possible type: a field masked in any is masked.
      for (const t of concrete ? [concrete] : possible) walk(value, t, set);
    }
  };
  walk(data, rootType, selectionSet);
  return count;
}
