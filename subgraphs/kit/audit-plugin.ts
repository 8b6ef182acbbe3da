import type { ApolloServerPlugin } from '@apollo/server';
import { ERROR_CODES } from '../../adapters/kit/error-codes';
import { logger } from '../../adapters/kit/logger';
import type { AuditStore } from '../../trust/audit/record';
import { metSubjectOutsidePart } from '../../trust/policy/decide';
import type { SubgraphContext } from './context';

/**
 * Writes the request's reads of personal data to the audit trail before the answer leaves the
 * subgraph: one record per entity (actor, role, channel, purpose, entity, fields, outcome).
 * Fail closed: when the store cannot take them, the answer carries no data at all, only
 * AUDIT_UNAVAILABLE, so nothing is ever returned that the trail does not hold. (HTTP stays 200:
 * the gateway reads a subgraph's non-2xx answer as the department being down, losing the code.)
 *
 * An answer that met someone outside the part of the subjects the gateway knew so far
 * (SUBJECTS_INCOMPLETE) is withheld whole and records nothing: the gateway asks again with the
 * whole set, and that answer's reads are the ones recorded.
 */
export function auditPlugin(department: string, store: AuditStore): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === 'single' && metSubjectOutsidePart(response.body.singleResult.errors)) {
            response.body.singleResult = {
              data: null,
              errors: [
                {
                  message: `${department}: ${ERROR_CODES.SUBJECTS_INCOMPLETE.description}`,
                  extensions: { code: 'SUBJECTS_INCOMPLETE', department },
                },
              ],
            };
            return;
          }
          const log = contextValue.access;
          if (!log?.size || !contextValue.trust || response.body.kind !== 'single') return;
          try {
            await store.append(log.drafts(contextValue.trust, department));
          } catch (err) {
            logger.error(
              { err, department, traceId: contextValue.traceId },
              'audit trail unavailable: answer withheld',
            );
            response.body.singleResult = {
              data: null,
              errors: [
                {
                  message: `${department}: ${ERROR_CODES.AUDIT_UNAVAILABLE.description}`,
                  extensions: { code: 'AUDIT_UNAVAILABLE', department },
                },
              ],
            };
          }
        },
      };
    },
  };
}
