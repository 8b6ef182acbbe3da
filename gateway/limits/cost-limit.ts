import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { INTROSPECTION_ROOTS } from './depth-limit';
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { limitError } from './limit-errors';

/** Arguments that say how many items a list field returns. */
const SIZE_ARGUMENTS = ['first', 'limit'] as const;

export interface CostOptions {
  /** Items assumed for a list field that has no `first`/`limit` argument. */
  defaultListSize: number;
  /**
   * The request's variable values. Absent (validation, which runs once per document text and never
   * sees variables): a size argument given as a variable without a default counts as 0 items, so the
   * figure is a lower bound and never refuses what the real values would allow; costLimitPlugin
   * then checks the real figure.
   */
  variables?: Readonly<Record<string, unknown>>;
}

/**
 * The estimated cost of an operation: each field costs 1; a list field multiplies the cost of its
 * sub-selection by its `first`/`limit` argument (literal, variable, or the argument's default in
 * the schema), else by `defaultListSize`. A field that takes `first`/`limit` but is not a list (a
 * Relay connection such as `matters(first: 5)`) costs 1 itself and hands its size to the list fields
 * directly inside it (`edges`, `nodes`), so `totalCount` and `pageInfo` are not multiplied.
 * Leaf fields cost 1 even when they are lists (a scalar list costs nothing per item downstream).
 *
 * Every inline fragment and fragment spread is added in full (an upper bound for unions); each
 * fragment is worked out once per size it is spread under, and one spread inside its own expansion
 * (a cycle) adds nothing, so the estimate is linear in the document and terminates on any input.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  options: CostOptions,
): number {
  const root = schema.getRootType(operation.operation) ?? undefined;
  return new CostEstimator(schema, document, operation, options).selectionSet(
    operation.selectionSet,
    root,
    undefined,
  );
}

class CostEstimator {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly variableDefaults = new Map<string, ValueNode | undefined>();
  private readonly known = new Map<string, number>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    private readonly options: CostOptions,
  ) {
    for (const d of document.definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
    for (const v of operation.variableDefinitions ?? [])
      this.variableDefaults.set(v.variable.name.value, v.defaultValue);
  }

  /** `inheritedSize`: the size of the connection this selection set belongs to, for its list fields. */
  selectionSet(
    set: SelectionSetNode,
    parent: GraphQLCompositeType | undefined,
    inheritedSize: number | undefined,
  ): number {
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) cost += this.field(s, parent, inheritedSize);
      else if (s.kind === Kind.INLINE_FRAGMENT)
        cost += this.selectionSet(
          s.selectionSet,
          s.typeCondition ? this.compositeType(s.typeCondition.name.value) : parent,
          inheritedSize,
        );
      else cost += this.fragment(s.name.value, inheritedSize);
    }
    return cost;
  }

  private field(node: FieldNode, parent: GraphQLCompositeType | undefined, inheritedSize?: number): number {
    // Introspection reads the schema, not the departments; its own depth rule bounds it.
    if (!node.selectionSet || INTROSPECTION_ROOTS.has(node.name.value)) return 1;
    const def = fieldDefinition(this.schema, parent, node.name.value);
    const named = def ? getNamedType(def.type) : undefined;
    const child = named && isCompositeType(named) ? named : undefined;
    const size = this.size(node, def);
    if (def && isListType(getNullableType(def.type))) {
      const items = size ?? inheritedSize ?? this.options.defaultListSize;
      return 1 + items * this.selectionSet(node.selectionSet, child, undefined);
    }
    return 1 + this.selectionSet(node.selectionSet, child, size);
  }

  private fragment(name: string, inheritedSize: number | undefined): number {
    const key = `${name}\u0000${inheritedSize ?? ''}`;
    const known = this.known.get(key);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    if (!fragment || this.inProgress.has(name)) return 0;
    this.inProgress.add(name);
    const cost = this.selectionSet(
      fragment.selectionSet,
      this.compositeType(fragment.typeCondition.name.value),
      inheritedSize,
    );
    this.inProgress.delete(name);
    this.known.set(key, cost);
    return cost;
  }

  /** The field's `first`/`limit` as given, else the argument's default in the schema; undefined if neither. */
  private size(node: FieldNode, def: GraphQLField<unknown, unknown> | undefined): number | undefined {
    for (const arg of node.arguments ?? []) {
      if (!(SIZE_ARGUMENTS as readonly string[]).includes(arg.name.value)) continue;
      const given = this.intValue(arg.value);
      if (given !== undefined) return given;
    }
    for (const name of SIZE_ARGUMENTS) {
      const declared = def?.args.find((a) => a.name === name)?.defaultValue;
      if (typeof declared === 'number') return Math.max(0, declared);
    }
    return undefined;
  }

  private intValue(value: ValueNode | undefined): number | undefined {
    if (!value) return undefined;
    if (value.kind === Kind.INT) return Math.max(0, Number.parseInt(value.value, 10));
    if (value.kind !== Kind.VARIABLE) return undefined;
    const name = value.name.value;
    const { variables } = this.options;
    if (variables) {
      const v = variables[name];
      if (typeof v === 'number' && Number.isInteger(v)) return Math.max(0, v);
      return this.intValue(this.variableDefaults.get(name));
    }
    // Validation: the value is not known yet; count the variable's default, else nothing.
    return this.intValue(this.variableDefaults.get(name)) ?? 0;
  }

  private compositeType(name: string): GraphQLCompositeType | undefined {
    const type = this.schema.getType(name);
    return type && isCompositeType(type) ? type : undefined;
  }
}

function fieldDefinition(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parent && parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  if (parent && (isObjectType(parent) || isInterfaceType(parent))) return parent.getFields()[name];
  return undefined;
}

function costError(
  operation: OperationDefinitionNode,
  cost: number,
  maxCost: number,
  extensions?: Record<string, unknown>,
) {
  return limitError(
    'QUERY_TOO_COSTLY',
    `${operation.operation} cost ${cost} exceeds the limit of ${maxCost}`,
    operation,
    extensions,
  );
}

export interface CostLimit {
  /** Highest estimated cost accepted. */
  maxCost: number;
  /** Items assumed for a list field without `first`/`limit`. */
  defaultListSize: number;
}

/**
 * Refuses an operation whose estimated cost (see estimateCost) is over `maxCost` with
 * QUERY_TOO_COSTLY, e.g. "query cost 8421 exceeds the limit of 5000". Validation never sees the
 * variables, so a size given as a variable without a default counts as 0 here; costLimitPlugin
 * checks the same estimate with the request's values.
 */
export function costLimitRule(limits: CostLimit): ValidationRule {
  return (context) => ({
    Document(document) {
      for (const d of document.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION) continue;
        const cost = estimateCost(context.getSchema(), document, d, {
          defaultListSize: limits.defaultListSize,
        });
        if (cost > limits.maxCost) context.reportError(costError(d, cost, limits.maxCost));
      }
      return false;
    },
  });
}

/**
 * The cost limit with the request's variables, for `first: $n`. An Apollo Server plugin, not a
 * validation rule, because Apollo validates each document text once and caches the result, while
 * the variables change per request. Answers HTTP 400 with QUERY_TOO_COSTLY before anything runs.
 */
export function costLimitPlugin<C extends BaseContext>(limits: CostLimit): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = estimateCost(schema, document, operation, {
            defaultListSize: limits.defaultListSize,
            variables: request.variables ?? {},
          });
          if (cost <= limits.maxCost) return;
          throw costError(operation, cost, limits.maxCost, { http: { status: 400 } });
        },
      };
    },
  };
}
