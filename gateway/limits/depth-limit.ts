import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { limitError } from './limit-errors';

/**
 * How deep an operation nests fields: a top-level field is depth 1, each selection set inside a
 * field adds one. Fragments and inline fragments add nothing of their own, their fields count where
 * they are spread. An introspection root (`__schema`, `__type`) counts 1 whatever it selects:
 * GraphiQL's own schema query is 15 deep, graphql-js's MaxIntrospectionDepthRule already bounds
 * introspection's recursive fields, and production turns introspection off altogether.
 *
 * Linear in the document's size: each fragment's depth is worked out once. A fragment spread inside
 * its own expansion (a cycle, which NoFragmentCyclesRule reports) adds nothing, so a cyclic
 * document terminates.
 */
/** Fields whose subtree is introspection (bounded by graphql-js itself). */
export const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

export function operationDepth(operation: OperationDefinitionNode, document: DocumentNode): number {
  return new DepthCounter(document).selectionSet(operation.selectionSet);
}

class DepthCounter {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly known = new Map<string, number>();
  private readonly inProgress = new Set<string>();

  constructor(document: DocumentNode) {
    for (const d of document.definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
  }

  selectionSet(set: SelectionSetNode): number {
    let deepest = 0;
    for (const s of set.selections) {
      const depth =
        s.kind === Kind.FIELD
          ? 1 +
            (s.selectionSet && !INTROSPECTION_ROOTS.has(s.name.value) ? this.selectionSet(s.selectionSet) : 0)
          : s.kind === Kind.INLINE_FRAGMENT
            ? this.selectionSet(s.selectionSet)
            : this.fragment(s.name.value);
      if (depth > deepest) deepest = depth;
    }
    return deepest;
  }

  private fragment(name: string): number {
    const known = this.known.get(name);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    // An unknown fragment is KnownFragmentNamesRule's error; a cycle is NoFragmentCyclesRule's.
    if (!fragment || this.inProgress.has(name)) return 0;
    this.inProgress.add(name);
    const depth = this.selectionSet(fragment.selectionSet);
    this.inProgress.delete(name);
    this.known.set(name, depth);
    return depth;
  }
}

/**
 * Refuses an operation nested deeper than `maxDepth` with QUERY_TOO_DEEP, e.g. "query depth 50
 * exceeds the limit of 12". Works out the whole document once when validation enters it and skips
 * the rest of the walk, so it adds one linear pass whatever the document holds.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context) => ({
    Document(document) {
      const counter = new DepthCounter(document);
      for (const d of document.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION) continue;
        const depth = counter.selectionSet(d.selectionSet);
        if (depth > maxDepth)
          context.reportError(
            limitError('QUERY_TOO_DEEP', `${d.operation} depth ${depth} exceeds the limit of ${maxDepth}`, d),
          );
      }
      return false;
    },
  });
}
