import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import { ERROR_CODES } from '../../adapters/kit/error-codes';
import { isDataLayerError } from '../../adapters/kit/errors';
import { logger } from '../../adapters/kit/logger';
import { purposeText } from '../../trust/actor';
import type { AuditStore } from '../../trust/audit/record';
import type { Subjects } from '../../trust/context/trust-context';
import { checkOperation, revealed } from '../../trust/policy/decide';
import type { AccessPolicy } from '../../trust/policy/policy';
import type { GatewayContext } from '../context';
import { maskResponse } from './mask-response';
import type { SubjectResolver } from './subject-resolver';
import { WholeSubjects } from './whole-subjects';

const REFUSALS = new Set(['FORBIDDEN', 'PURPOSE_REQUIRED', 'PURPOSE_INVALID']);

/** A typed error as the whole request's answer, with its HTTP status. */
function refusal(e: unknown): unknown {
  if (!isDataLayerError(e)) return e;
  const extensions: Record<string, unknown> = { code: e.code, http: { status: ERROR_CODES[e.code].status } };
  if (e.department) extensions.department = e.department;
  return new GraphQLError(e.message, { extensions });
}

/**
 * The gateway's side of the access policy:
 * - once the operation is valid, whose data it may touch is worked out (subject-resolver.ts);
 * - before it runs, every root field it selects is checked against the policy (role, scope,
 *   purpose, the subjects its arguments name): one refused field refuses the request;
 * - before the answer leaves, sensitive fields the caller may not see are masked (keys too);
 * - the request itself is recorded in the audit trail (who, which operation, which root
 *   fields, outcome), fail closed like every department's reads.
 */
export function trustPlugin(
  policy: AccessPolicy,
  audit: AuditStore,
  subjects: SubjectResolver,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let rootFields: string[] = [];
      // The operation's root type and fragments, worked out once: checked before, masked after.
      let resolved:
        { root: GraphQLObjectType; fragments: Record<string, FragmentDefinitionNode> } | undefined;
      return {
        async didResolveOperation({ contextValue, operation, schema, request, document }) {
          if (!operation) return;
          const root = (
            operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType()
          )!;
          const fragments = Object.fromEntries(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          resolved = { root, fragments };
          const fields: FieldNode[] = [];
          const collect = (set: SelectionSetNode) => {
            for (const s of set.selections)
              if (s.kind === Kind.FIELD) fields.push(s);
              else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet);
              else if (fragments[s.name.value]) collect(fragments[s.name.value]!.selectionSet);
          };
          collect(operation.selectionSet);
          rootFields = [...new Set(fields.map((f) => f.name.value))].sort();
          const { trust } = contextValue;
          let complete: (() => Promise<Subjects>) | undefined;
          try {
            const resolved = await subjects(trust.actor, trust.purpose, trust.channel, trust.traceId);
            trust.subjects = resolved.subjects;
            complete = resolved.complete;
          } catch (e) {
            throw refusal(e);
          }
          // The request runs on the part known so far; the whole set is worked out only when
          // something needs it, and every call made once it is known carries it (the data source
          // asks again a department that met someone outside the part).
          if (complete) contextValue.wholeSubjects = new WholeSubjects(trust, complete);
          for (const node of fields) {
            if (node.name.value.startsWith('__')) continue;
            const def = root.getFields()[node.name.value];
            if (!def) continue;
            const coordinate = `${root.name}.${node.name.value}`;
            try {
              const args = getArgumentValues(def, node, request.variables ?? {});
              try {
                checkOperation(policy, trust, coordinate, args);
              } catch (e) {
                // A root field naming someone outside the part known so far: decided on the whole set.
                if (!contextValue.wholeSubjects || !isDataLayerError(e) || e.code !== 'SUBJECTS_INCOMPLETE')
                  throw e;
                await contextValue.wholeSubjects.get();
                checkOperation(policy, trust, coordinate, args);
              }
            } catch (e) {
              throw refusal(e);
            }
          }
        },
        async willSendResponse({ response, contextValue, operation, operationName, schema }) {
          // The access check's look-ups (when the request needed any) end with the request: no
          // work of the request outlives it, and their reads are in the trail when it answers.
          await contextValue.wholeSubjects?.settled();
          if (response.body.kind !== 'single' || !contextValue.trust) return;
          const result = response.body.singleResult;
          const { trust } = contextValue;
          if (result.data && operation && resolved) {
            const { root, fragments } = resolved;
            maskResponse(
              schema,
              policy,
              revealed(policy, trust),
              result.data,
              operation.selectionSet,
              root,
              fragments,
            );
          }
          const codes = (result.errors ?? []).map((e) => e.extensions?.code);
          // Nothing reached the caller when every root field is null next to an error (a department
          // withheld its answer, fail closed, or failed): `{ person: null }` is a failure, not a
          // `returned`. A partial answer (some departments answered) stays `returned`.
          const nothingReturned = result.data == null || Object.values(result.data).every((v) => v === null);
          try {
            await audit.append([
              {
                time: new Date().toISOString(),
                traceId: trust.traceId,
                kind: 'request',
                actor: trust.actor.id,
                role: trust.actor.role,
                channel: trust.channel,
                purpose: purposeText(trust.purpose),
                caseId: trust.purpose?.kind === 'case' ? trust.purpose.caseId : null,
                department: 'gateway',
                entityType: 'Operation',
                entityId: (operationName ?? 'anonymous').slice(0, 100),
                subject: null,
                fields: rootFields,
                outcome: codes.some((c) => REFUSALS.has(String(c)))
                  ? 'denied'
                  : nothingReturned && codes.length > 0
                    ? 'failed'
                    : 'returned',
              },
            ]);
          } catch (err) {
            logger.error({ err, traceId: trust.traceId }, 'audit trail unavailable: answer withheld');
            response.body.singleResult = {
              data: null,
              errors: [
                {
                  message: `gateway: ${ERROR_CODES.AUDIT_UNAVAILABLE.description}`,
                  extensions: { code: 'AUDIT_UNAVAILABLE' },
                },
              ],
            };
            if (response.http) response.http.status = 503;
          }
        },
      };
    },
  };
}
