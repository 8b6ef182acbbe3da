import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceFolder } from '../../adapters/kit/source-folder';
import { ROLES, type Role } from '../actor';

/** How a personal-data type names whose data it is (trust/policy/subjects.ts reads the object). */
export type SubjectRule = 'self' | 'holder' | 'applicant' | 'owners' | 'presented';
/** Sensitive field categories; a role or purpose `reveals` some, the rest are masked. */
export type Category = 'identity-number' | 'address' | 'health';
const CATEGORIES: readonly Category[] = ['identity-number', 'address', 'health'];
const SUBJECT_RULES: readonly SubjectRule[] = ['self', 'holder', 'applicant', 'owners', 'presented'];

export interface EntityRule {
  subject: SubjectRule;
  /** The field that identifies one object of the type (the federation key where it has one). */
  key: string;
}

export interface RoleRule {
  subjects: 'self-and-minor-children' | 'own-company' | 'purpose' | 'none';
  reveals: Category[];
}

/** Who may call one root field (`Query.person`), and which arguments name a data subject. */
export interface OperationRule {
  /** Any authenticated caller (the public catalogue). */
  public?: boolean;
  roles?: Role[];
  /** SERVICE clients holding one of these scopes may call it too. */
  scopes?: string[];
  /** Argument path (dots into input objects) → the subject type it names; checked before any department is asked. */
  subjectArgs?: Record<string, 'Person' | 'Company'>;
  /** The argument holding a case id that must be the officer's `case:` purpose (acting on the case they handle). */
  caseArg?: string;
}

export interface StatutoryPurpose {
  code: string;
  title: string;
  legalBasis: string;
  /** Departments whose officers may state it; `*` for all. */
  departments: string[];
  /** The types and fields it opens, for any data subject (minimum necessity: nothing else). */
  types: Record<string, string[]>;
  reveals: Category[];
  /** Mutations it allows an officer beyond reading (e.g. opening a case for an applicant at the window). */
  operations?: string[];
  /** Only the gateway itself may use it (its own look-ups); a client stating it is refused. */
  gatewayOnly?: boolean;
}

/**
 * A whole object whose kind makes it sensitive (a health certificate in the library): `field`
 * holds the kind, `categories` maps a kind to its category. A reader who may not see the
 * category gets no such object: lists leave it out, a single one is FORBIDDEN.
 */
export interface ObjectRule {
  field: string;
  categories: Record<string, Category>;
}

export interface AccessPolicy {
  entities: Record<string, EntityRule>;
  /** `Type.field` → category. */
  sensitive: Record<string, Category>;
  /** Type → the rule that makes some of its objects sensitive as a whole. */
  sensitiveObjects: Record<string, ObjectRule>;
  roles: Record<Role, RoleRule>;
  casePurpose: { handledBy: string[]; reveals: Category[]; revealsByDepartment: Record<string, Category[]> };
  operations: Record<string, OperationRule>;
  purposes: Map<string, StatutoryPurpose>;
}

/**
 * Where the policy files live; OWDL_POLICY_FILE and OWDL_PURPOSES_FILE point elsewhere, and
 * OWDL_EXTRA_PURPOSES_FILE adds a deployment's own registry to the shipped one.
 */
export const DEFAULT_POLICY_FILE =
  sourceFolder('access-policy.json', __dirname) ?? path.join(__dirname, 'access-policy.json');
export const DEFAULT_PURPOSES_FILE =
  sourceFolder('purposes.json', __dirname) ?? path.join(__dirname, 'purposes.json');

/** A policy file that does not hold together; start-up stops with it. */
export class PolicyError extends Error {
  constructor(file: string, problem: string) {
    super(`${path.basename(file)}: ${problem}`);
    this.name = 'PolicyError';
  }
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new PolicyError(file, `cannot be read as JSON (${(e as Error).message})`);
  }
}

const categoriesOf = (file: string, where: string, v: unknown): Category[] => {
  if (!Array.isArray(v) || v.some((c) => !CATEGORIES.includes(c as Category)))
    throw new PolicyError(file, `${where} must list categories among ${CATEGORIES.join(', ')}`);
  return v as Category[];
};

/**
 * Loads and checks the access policy and the statutory purpose registry. Every reference is
 * checked (roles, categories, subject rules), so a typo stops start-up instead of opening or
 * closing access silently. `extraPurposes` adds registry files (a deployment's own codes).
 */
export function loadPolicy(
  options: { policyFile?: string; purposesFiles?: string[] } = {},
  env: NodeJS.ProcessEnv = process.env,
): AccessPolicy {
  const policyFile = options.policyFile ?? env.OWDL_POLICY_FILE ?? DEFAULT_POLICY_FILE;
  const purposesFiles = options.purposesFiles ?? [
    env.OWDL_PURPOSES_FILE ?? DEFAULT_PURPOSES_FILE,
    ...(env.OWDL_EXTRA_PURPOSES_FILE ? [env.OWDL_EXTRA_PURPOSES_FILE] : []),
  ];
  const raw = readJson(policyFile);
  const entities = raw.entities as Record<string, EntityRule>;
  for (const [type, e] of Object.entries(entities ?? {}))
    if (!SUBJECT_RULES.includes(e.subject) || typeof e.key !== 'string')
      throw new PolicyError(
        policyFile,
        `entity ${type} needs a subject among ${SUBJECT_RULES.join(', ')} and a key`,
      );
  const sensitive = (raw.sensitive ?? {}) as Record<string, Category>;
  for (const [coord, c] of Object.entries(sensitive)) {
    if (!/^[A-Z]\w*\.\w+$/.test(coord))
      throw new PolicyError(policyFile, `sensitive "${coord}" is not Type.field`);
    categoriesOf(policyFile, `sensitive ${coord}`, [c]);
  }
  const sensitiveObjects = (raw.sensitiveObjects ?? {}) as Record<string, ObjectRule>;
  for (const [type, rule] of Object.entries(sensitiveObjects)) {
    if (typeof rule?.field !== 'string' || typeof rule.categories !== 'object' || !rule.categories)
      throw new PolicyError(policyFile, `sensitiveObjects.${type} needs a field and categories`);
    categoriesOf(policyFile, `sensitiveObjects.${type}.categories`, Object.values(rule.categories));
  }
  const roles = raw.roles as Record<Role, RoleRule>;
  for (const role of ROLES) {
    if (!roles?.[role]) throw new PolicyError(policyFile, `roles.${role} is missing`);
    categoriesOf(policyFile, `roles.${role}.reveals`, roles[role].reveals);
  }
  const casePurpose = raw.casePurpose as AccessPolicy['casePurpose'];
  categoriesOf(policyFile, 'casePurpose.reveals', casePurpose?.reveals);
  for (const [d, cs] of Object.entries(casePurpose.revealsByDepartment ?? {}))
    categoriesOf(policyFile, `casePurpose.revealsByDepartment.${d}`, cs);
  const operations = raw.operations as Record<string, OperationRule>;
  for (const [coord, op] of Object.entries(operations ?? {})) {
    if (!/^(Query|Mutation)\.\w+$/.test(coord))
      throw new PolicyError(policyFile, `operation "${coord}" is not Query.field or Mutation.field`);
    for (const r of op.roles ?? [])
      if (!ROLES.includes(r)) throw new PolicyError(policyFile, `operation ${coord} names unknown role ${r}`);
  }
  const purposes = new Map<string, StatutoryPurpose>();
  for (const file of purposesFiles) {
    const list = readJson(file).purposes as StatutoryPurpose[];
    if (!Array.isArray(list)) throw new PolicyError(file, 'must hold a "purposes" list');
    for (const p of list) {
      if (!/^[A-Z][A-Z0-9-]{2,47}$/.test(p.code ?? ''))
        throw new PolicyError(file, `purpose code "${p.code}" must be capitals, digits and hyphens`);
      if (purposes.has(p.code)) throw new PolicyError(file, `purpose ${p.code} is defined twice`);
      if (!p.legalBasis) throw new PolicyError(file, `purpose ${p.code} names no legal basis`);
      categoriesOf(file, `purpose ${p.code} reveals`, p.reveals);
      purposes.set(p.code, p);
    }
  }
  return { entities, sensitive, sensitiveObjects, roles, casePurpose, operations, purposes };
}

let shared: AccessPolicy | undefined;
/** The policy from the default files (or the environment's), loaded once per process. */
export function defaultPolicy(): AccessPolicy {
  return (shared ??= loadPolicy());
}
