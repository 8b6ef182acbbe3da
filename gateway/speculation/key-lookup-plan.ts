import type { FetchNode, PlanNode, QueryPlan, SequenceNode } from '@apollo/query-planner';
import { operationOf } from '../operation-of';
import { Kind, type FieldNode, type SelectionSetNode } from 'graphql';

/**
 * The operation name of a seed fetch: a fetch the gateway answers itself, with the entity a
 * key lookup names (`{ person: { __typename: "Person", id: $id } }`), so the fetches that
 * need only that key can start at once instead of after the root fetch.
 */
export const SEED_OPERATION = '__OwdlKeyLookupSeed';

/** How a seed answers and which fetches of its plan wait on the root fetch (kept in the seed fetch's operation text). */
export interface SeedSpec {
  /** The root field's response name (its alias, if any). */
  response: string;
  typename: string;
  /** Each key field with the variable (or the literal) the root field's argument of that name takes. */
  key: { field: string; variable?: string; value?: unknown }[];
  /** The root fetch's operation text. */
  root: string;
  /** The operation texts of the fetches moved beside it. */
  speculative: string[];
}

/**
 * A seed fetch's operation text: a GraphQL document (plan printers parse every fetch's text)
 * whose first line, a comment, holds the spec.
 */
export function seedOperation(spec: SeedSpec): string {
  return `# ${JSON.stringify(spec)}\nquery ${SEED_OPERATION} { __typename }`;
}

/** The spec a seed fetch's operation text holds. */
export function seedSpecOf(operation: string): SeedSpec {
  return JSON.parse(operation.slice(2, operation.indexOf('\n'))) as SeedSpec;
}

/**
 * A root query field as the schema has it: the object type it returns (undefined for a list,
 * union or interface) and each argument's named type.
 */
export type RootObjectType = (field: string) => { type?: string; args: Record<string, string> } | undefined;

interface KeyLookup {
  fetch: FetchNode;
  field: FieldNode;
  response: string;
  /** Response names the root fetch selects on the entity. */
  provides: Set<string>;
}

/** Response names of a selection set's fields, through inline fragments. */
function responseNames(set: SelectionSetNode | undefined, into = new Set<string>()): Set<string> {
  for (const s of set?.selections ?? [])
    if (s.kind === Kind.FIELD) into.add(s.alias?.value ?? s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) responseNames(s.selectionSet, into);
  return into;
}

function keyLookup(node: PlanNode | undefined): KeyLookup | undefined {
  if (node?.kind !== 'Fetch' || node.requires || node.operationKind !== 'query') return undefined;
  if (node.inputRewrites?.length || node.outputRewrites?.length || node.contextRewrites?.length)
    return undefined;
  const op = operationOf(node.operation);
  const only = op?.selectionSet.selections;
  if (!op || only?.length !== 1 || only[0]!.kind !== Kind.FIELD) return undefined;
  const field = only[0]!;
  if (field.name.value.startsWith('__') || !field.arguments?.length || !field.selectionSet) return undefined;
  return {
    fetch: node,
    field,
    response: field.alias?.value ?? field.name.value,
    provides: responseNames(field.selectionSet),
  };
}

/**
 * The key a fetch at `[response]` needs, when it needs nothing but a key of one type whose
 * fields are exactly the root field's arguments: `... on Person { __typename id }` under
 * `person(id: $id)`.
 */
function keyFetch(node: PlanNode, lookup: KeyLookup): { fetch: FetchNode; typename: string } | undefined {
  if (node.kind !== 'Flatten' || node.path.length !== 1 || node.path[0] !== lookup.response) return undefined;
  const fetch = node.node;
  if (fetch.kind !== 'Fetch' || !fetch.requires || fetch.requires.length !== 1) return undefined;
  if (fetch.inputRewrites?.length || fetch.outputRewrites?.length || fetch.contextRewrites?.length)
    return undefined;
  const [fragment] = fetch.requires;
  if (fragment?.kind !== 'InlineFragment' || !fragment.typeCondition) return undefined;
  const fields = fragment.selections;
  if (!fields.every((f) => f.kind === 'Field' && !f.selections && !f.alias)) return undefined;
  const names = fields.map((f) => (f.kind === 'Field' ? f.name : ''));
  const keys = names.filter((n) => n !== '__typename');
  const args = lookup.field.arguments!.map((a) => a.name.value);
  if (!names.includes('__typename') || keys.length !== args.length || !keys.every((k) => args.includes(k)))
    return undefined;
  return { fetch, typename: fragment.typeCondition };
}

/** Every Flatten path and every fetch outside one, under a node. */
function paths(node: PlanNode, into: { paths: (string | number)[][]; bareFetch: boolean; other: boolean }) {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      node.nodes.forEach((n) => paths(n, into));
      break;
    case 'Flatten':
      into.paths.push(node.path as (string | number)[]);
      if (node.node.kind !== 'Fetch') into.other = true;
      break;
    case 'Fetch':
      into.bareFetch = true;
      break;
    default:
      into.other = true;
  }
  return into;
}

/** Operation texts of every fetch under a node. */
function fetchTexts(node: PlanNode, into: string[] = []): string[] {
  if (node.kind === 'Fetch') into.push(node.operation);
  else if (node.kind === 'Flatten') fetchTexts(node.node, into);
  else if (node.kind === 'Sequence' || node.kind === 'Parallel')
    node.nodes.forEach((n) => fetchTexts(n, into));
  else if (node.kind === 'Condition')
    [node.ifClause, node.elseClause].forEach((n) => n && fetchTexts(n, into));
  return into;
}

/**
 * A node that needs nothing of the root fetch's answer but the entity's key: a key fetch at the
 * root field's path, or a sequence that starts with one and then only goes below fields that
 * fetch brought (never a field of the root fetch, never the entity itself again).
 */
function independent(node: PlanNode, lookup: KeyLookup): { fetch: FetchNode; typename: string } | undefined {
  const direct = keyFetch(node, lookup);
  if (direct) return direct;
  if (node.kind !== 'Sequence' || node.nodes.length < 2) return undefined;
  const first = keyFetch(node.nodes[0]!, lookup);
  if (!first) return undefined;
  const entities = operationOf(first.fetch.operation)?.selectionSet.selections[0];
  const brought = responseNames(entities?.kind === Kind.FIELD ? entities.selectionSet : undefined);
  const below = paths(
    { kind: 'Sequence', nodes: node.nodes.slice(1) },
    { paths: [], bareFetch: false, other: false },
  );
  if (below.bareFetch || below.other) return undefined;
  const ok = below.paths.every(
    (p) =>
      p.length >= 2 &&
      p[0] === lookup.response &&
      typeof p[1] === 'string' &&
      brought.has(p[1]) &&
      !lookup.provides.has(p[1]),
  );
  return ok ? first : undefined;
}

/**
 * Rewrites a plan that looks one entity up by its key at the root (`person(id: $id)`) and then
 * asks other subgraphs about that entity by the same key, so those fetches run beside the root
 * fetch instead of after it: the gateway seeds the entity with its key (SEED_OPERATION, answered
 * by the data source without a call), then runs the root fetch and every fetch that needs only
 * the key in parallel; what needed more of the root fetch's answer still runs after it. A query
 * then waits for the slowest department, not for the root department plus the slowest.
 *
 * The plan's answer is unchanged: the data source holds each moved fetch's answer until the
 * root fetch's has come, and drops it when the root found no entity (null, or failed), as the
 * unchanged plan would never have asked. Returns the plan unchanged unless it has exactly this
 * shape (a query, one root field of an object type whose arguments are exactly one key).
 */
export function speculateKeyLookups(plan: QueryPlan, rootObjectType: RootObjectType): QueryPlan {
  const top = plan.node;
  if (top?.kind !== 'Sequence' || top.nodes.length < 2) return plan;
  const lookup = keyLookup(top.nodes[0]);
  if (!lookup) return plan;
  const next = top.nodes[1]!;
  const candidates = next.kind === 'Parallel' ? next.nodes : [next];
  const moved: PlanNode[] = [];
  const stay: PlanNode[] = [];
  let typename: string | undefined;
  let speculative: string[] = [];
  for (const node of candidates) {
    const key = independent(node, lookup);
    if (key && (typename === undefined || typename === key.typename)) {
      typename = key.typename;
      moved.push(node);
      speculative.push(key.fetch.operation);
    } else stay.push(node);
  }
  const schemaField = rootObjectType(lookup.field.name.value);
  if (!typename || schemaField?.type !== typename) return plan;
  // The data source tells the root and the moved fetches apart by their text: each must be unique in the plan.
  const texts = fetchTexts(top);
  const once = (t: string) => texts.indexOf(t) === texts.lastIndexOf(t);
  if (!once(lookup.fetch.operation) || !speculative.every(once)) return plan;
  speculative = [...new Set(speculative)];

  // A literal key is taken as the ID or String it must be (the planner prints a numeric ID without quotes).
  const key: SeedSpec['key'] = [];
  for (const a of lookup.field.arguments!) {
    const field = a.name.value;
    if (a.value.kind === Kind.VARIABLE) key.push({ field, variable: a.value.name.value });
    else if (
      (a.value.kind === Kind.STRING || a.value.kind === Kind.INT) &&
      ['ID', 'String'].includes(schemaField.args[field] ?? '')
    )
      key.push({ field, value: a.value.value });
    else return plan;
  }
  const spec: SeedSpec = {
    response: lookup.response,
    typename,
    key,
    root: lookup.fetch.operation,
    speculative,
  };
  const seed: FetchNode = {
    kind: 'Fetch',
    serviceName: lookup.fetch.serviceName,
    variableUsages: key.flatMap((k) => (k.variable ? [k.variable] : [])),
    operation: seedOperation(spec),
    operationName: SEED_OPERATION,
    operationKind: lookup.fetch.operationKind,
  };
  const afterRoot: PlanNode =
    stay.length === 0
      ? lookup.fetch
      : {
          kind: 'Sequence',
          nodes: [lookup.fetch, stay.length === 1 ? stay[0]! : { kind: 'Parallel', nodes: stay }],
        };
  const node: SequenceNode = {
    kind: 'Sequence',
    nodes: [seed, { kind: 'Parallel', nodes: [afterRoot, ...moved] }, ...top.nodes.slice(2)],
  };
  return { ...plan, node };
}

/** Whether a plan was rewritten by speculateKeyLookups (it starts with a seed fetch). */
export function isSpeculative(plan: QueryPlan): boolean {
  const first = plan.node?.kind === 'Sequence' ? plan.node.nodes[0] : undefined;
  return first?.kind === 'Fetch' && first.operationName === SEED_OPERATION;
}
