import {
  GraphQLObjectType,
  defaultFieldResolver,
  getNamedType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { DataLayerError, isDataLayerError } from '../../adapters/kit/errors';
import type { TrustContext } from '../../trust/context/trust-context';
import {
  checkEntity,
  checkOperation,
  fieldVisibility,
  maskValue,
  objectCategory,
  outsideSubjects,
  revealed,
} from '../../trust/policy/decide';
import type { AccessPolicy, Category } from '../../trust/policy/policy';
import { mayTouch, subjectsOf, type SubjectRef } from '../../trust/policy/subjects';
import { AccessLog } from './access-log';
import type { SubgraphContext } from './context';

type Resolver = GraphQLFieldResolver<unknown, SubgraphContext>;

function trustOf(ctx: SubgraphContext): TrustContext {
  if (!ctx.trust)
    throw new DataLayerError('CONTEXT_REQUIRED', 'no signed context: call the gateway, not the subgraph');
  return ctx.trust;
}

/** Per request: each object's access decision (once per object) and what the sensitive categories are. */
interface RequestAccess {
  decisions: WeakMap<object, { subjects: SubjectRef[]; error?: unknown }>;
  reveals: Set<Category>;
}
const perRequest = new WeakMap<SubgraphContext, RequestAccess>();
function requestAccess(policy: AccessPolicy, ctx: SubgraphContext, trust: TrustContext): RequestAccess {
  let r = perRequest.get(ctx);
  if (!r) perRequest.set(ctx, (r = { decisions: new WeakMap(), reveals: revealed(policy, trust) }));
  return r;
}

export function accessLogOf(ctx: SubgraphContext): AccessLog {
  return (ctx.access ??= new AccessLog());
}

/**
 * Enforces the access policy inside one subgraph, whatever the gateway did (defence in depth),
 * and records every read of personal data for the audit trail:
 * - a root field runs only if the policy opens it to the caller (role, scope, purpose, the
 *   subjects its arguments name), checked before any department is asked;
 * - `_entities` refuses, one by one, the persons and companies the request may not touch,
 *   before resolving them;
 * - every field of a personal-data type (Person, Company, Certificate, Case, Property...) is
 *   resolved only for an object whose subject the request may touch, outside a statutory
 *   purpose's fields it is FORBIDDEN, a sensitive one the caller may not see is masked; each
 *   is noted in the request's AccessLog;
 * - sensitive fields of other types (a social security card number) are masked the same way.
 */
export function enforcePolicy(schema: GraphQLSchema, policy: AccessPolicy): GraphQLSchema {
  const roots = new Set([schema.getQueryType(), schema.getMutationType()].filter(Boolean));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const [name, field] of Object.entries(type.getFields())) {
      const resolve = (field.resolve ?? defaultFieldResolver) as Resolver;
      if (roots.has(type)) {
        if (name === '_service') continue;
        field.resolve =
          name === '_entities'
            ? entities(policy, resolve)
            : rootField(policy, `${type.name}.${name}`, resolve);
      } else if (policy.entities[type.name]) {
        field.resolve = entityField(policy, type.name, name, resolve, getNamedType(field.type).name);
      } else if (policy.sensitive[`${type.name}.${name}`]) {
        field.resolve = sensitiveField(policy, type.name, name, resolve);
      }
    }
  }
  return schema;
}

function rootField(policy: AccessPolicy, coordinate: string, resolve: Resolver): Resolver {
  return (source, args, ctx, info) => {
    checkOperation(policy, trustOf(ctx), coordinate, args as Record<string, unknown>);
    return resolve(source, args, ctx, info);
  };
}

/** Persons and companies arrive as representations that carry their key: refused before any lookup. */
function entities(policy: AccessPolicy, resolve: Resolver): Resolver {
  return (source, args, ctx, info) => {
    const trust = trustOf(ctx);
    const representations = (args as { representations: Record<string, unknown>[] }).representations;
    return representations.map(async (rep) => {
      const type = String(rep.__typename);
      const rule = policy.entities[type];
      if (rule?.subject === 'self') {
        try {
          checkEntity(policy, trust, type, rep);
        } catch (e) {
          accessLogOf(ctx).denied(type, String(rep[rule.key]), `${type}:${String(rep[rule.key])}`);
          return e;
        }
      }
      const [entity] = (await resolve(source, { ...args, representations: [rep] }, ctx, info)) as unknown[];
      return entity;
    });
  };
}

/** FORBIDDEN when the object is sensitive as a whole (a health certificate) and the request may not see its category. */
function checkObjectCategory(policy: AccessPolicy, access: RequestAccess, type: string, obj: unknown): void {
  const category = objectCategory(policy, type, obj);
  if (category && !access.reveals.has(category))
    throw new DataLayerError('FORBIDDEN', `this ${type} is ${category} data the request may not see`);
}

function entityField(
  policy: AccessPolicy,
  type: string,
  field: string,
  resolve: Resolver,
  returnType: string,
): Resolver {
  const rule = policy.entities[type]!;
  const isKey = field === rule.key;
  // A certificate's, case's or property's key is all a subgraph holding a mere reference knows of
  // it; the subgraph that owns the type checks it when resolving the fields that say something.
  const bareReferenceKey = isKey && rule.subject !== 'self';
  // Fix (security suite): lists of objects that may be sensitive as a whole (Person.certificates)
  // leave out those the reader may not see, so the rest of the list still shows.
  const itemsMayBeHidden = !!policy.sensitiveObjects[returnType];
  return async (parent, args, ctx, info) => {
    const trust = trustOf(ctx);
    const access = requestAccess(policy, ctx, trust);
    const obj = (parent ?? {}) as Record<string, unknown>;
    const id = String(obj[rule.key] ?? '?');
    if (bareReferenceKey) {
      // Fix (security suite): `certificate(id:) { id }`, `case(id:) { id }` answered anyone,
      // confirming that another person's certificate or case exists. Where the object names its
      // subjects (the owning subgraph's model), the key is checked like the object; a mere
      // reference ({ id } alone) still passes, as before.
      const subjects = rule.subject === 'presented' ? [] : subjectsOf(type, rule.subject, obj);
      if (subjects.length > 0) {
        try {
          if (!subjects.some((s) => mayTouch(trust.subjects, s)))
            throw outsideSubjects(trust, `this ${type}`);
          checkObjectCategory(policy, access, type, obj);
        } catch (e) {
          accessLogOf(ctx).denied(type, id, null);
          throw e;
        }
      }
      return resolve(parent, args, ctx, info);
    }
    let decision = access.decisions.get(obj);
    if (!decision) {
      try {
        decision = { subjects: checkEntity(policy, trust, type, obj) };
        // Fix (security suite): a health certificate in the library is health data too.
        checkObjectCategory(policy, access, type, obj);
      } catch (error) {
        decision = { subjects: [], error };
        accessLogOf(ctx).denied(type, id, rule.subject === 'self' ? `${type}:${id}` : null);
      }
      access.decisions.set(obj, decision);
    }
    if (decision.error) throw decision.error;
    // A person's or company's key is what federation joins on: checked like the object, never logged as a read.
    if (isKey) return resolve(parent, args, ctx, info);
    const subject =
      decision.subjects.find((s) => mayTouch(trust.subjects, s)) ?? decision.subjects[0] ?? null;
    const log = accessLogOf(ctx);
    const visibility = fieldVisibility(policy, trust, type, field, access.reveals);
    if (visibility === 'deny') {
      log.field(type, id, subject, field, 'denied');
      throw new DataLayerError('FORBIDDEN', `${type}.${field} is outside the stated purpose`);
    }
    let value: unknown;
    try {
      value = await resolve(parent, args, ctx, info);
    } catch (e) {
      log.field(
        type,
        id,
        subject,
        field,
        isDataLayerError(e) && e.code === 'FORBIDDEN' ? 'denied' : 'failed',
      );
      throw e;
    }
    if (visibility === 'mask') {
      log.field(type, id, subject, field, 'masked');
      return maskValue(policy.sensitive[`${type}.${field}`]!, value);
    }
    if (itemsMayBeHidden && Array.isArray(value))
      value = value.filter((item) => {
        const category = objectCategory(policy, returnType, item);
        return !category || access.reveals.has(category);
      });
    log.field(type, id, subject, field, 'returned');
    return value;
  };
}

function sensitiveField(policy: AccessPolicy, type: string, field: string, resolve: Resolver): Resolver {
  const category = policy.sensitive[`${type}.${field}`]!;
  return async (parent, args, ctx, info) => {
    const trust = trustOf(ctx);
    const value = await resolve(parent, args, ctx, info);
    return requestAccess(policy, ctx, trust).reveals.has(category) ? value : maskValue(category, value);
  };
}
