import type { DocumentNode } from 'graphql';
import { SUBGRAPHS } from '../../gateway/departments';
import { quoted } from '../../adapters/kit/errors';
import type { SchemaProblem } from './report';
import { declaredTypes, type DeclaredType } from './type-definitions';

/** One department's current schema, as the current supergraph holds it. */
export interface MemberSchema {
  department: string;
  sdl: string;
}

/** The department that owns a type, and how it declares it. */
export interface TypeOwner {
  department: string;
  type: DeclaredType;
}

/**
 * Who owns each type among the current supergraph's members: the first department in SUBGRAPHS
 * order that declares it as a plain (non-entity) type; for a type every member declares only as
 * an entity, the first that can resolve it (a @key without `resolvable: false`), else the first
 * that declares it. SUBGRAPHS order is bootstrap order, so the department that brought a type in
 * keeps it.
 */
export function typeOwners(members: readonly MemberSchema[]): Map<string, TypeOwner> {
  const order = (d: string) => {
    const i = SUBGRAPHS.findIndex((s) => s.name === d);
    return i < 0 ? SUBGRAPHS.length : i;
  };
  const sorted = [...members].sort((a, b) => order(a.department) - order(b.department));
  const plain = new Map<string, TypeOwner>();
  const resolving = new Map<string, TypeOwner>();
  const referencing = new Map<string, TypeOwner>();
  for (const m of sorted) {
    for (const type of declaredTypes(m.sdl).values()) {
      const into = !type.entity ? plain : type.resolvable ? resolving : referencing;
      if (!into.has(type.name)) into.set(type.name, { department: m.department, type });
    }
  }
  for (const entities of [resolving, referencing])
    for (const [name, owner] of entities) if (!plain.has(name)) plain.set(name, owner);
  return plain;
}

/** The kinds another department may repeat exactly (federation requires shared value types to match anyway). */
const SHAREABLE_KINDS = new Set(['object', 'union', 'enum', 'scalar', 'input']);

/**
 * Check 3 (TYPE_NOT_OWNED): each type `department` declares in `document` must be its own, new,
 * or another department's that it may declare: as an entity (with @key: contributing fields to a
 * shared entity is what federation is for), or a value type, enum, scalar or input declared
 * exactly as its owner does (descriptions aside). The department's own current schema counts as
 * its own, so it may change the types it owns. Root types and federation's definitions are
 * everybody's.
 */
export function ownershipProblems(
  department: string,
  document: DocumentNode,
  members: readonly MemberSchema[],
): SchemaProblem[] {
  const owners = typeOwners(members);
  const problems: SchemaProblem[] = [];
  for (const type of declaredTypes(document).values()) {
    const owner = owners.get(type.name);
    if (!owner || owner.department === department) continue;
    // Extending an entity is federation's job; putting @key on another department's value type is not.
    if (type.entity && owner.type.entity) continue;
    const ownerIsValueType = !owner.type.entity && SHAREABLE_KINDS.has(owner.type.kind);
    if (ownerIsValueType && owner.type.shape === type.shape) continue;
    problems.push({
      code: 'TYPE_NOT_OWNED',
      subgraph: department,
      message: ownerIsValueType
        ? `type ${quoted(type.name)} is owned by ${owner.department}, and this declaration differs from its; declare it exactly as ${owner.department} does, or ask ${owner.department} to change it`
        : `type ${quoted(type.name)} is owned by ${owner.department}; only its entity (with @key) may be extended by other departments`,
    });
  }
  return problems;
}
