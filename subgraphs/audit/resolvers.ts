import type { GraphQLResolveInfo } from 'graphql';
import { isClientSideError } from '../../adapters/kit/errors';
import type { AuditStore } from '../../trust/audit/record';
import type { TrustContext } from '../../trust/context/trust-context';
import { describeQuery, parseAccessFilter, timeRange } from './access-filter';
import { ownSubject, requireAuditor, requireTrust } from './actor-guard';
import { DateTimeScalar } from '../kit/date-time-scalar';
import type { Resolvers } from './generated/resolvers-types';
import { fetchPage, pageArgs } from './paging';
import { rebuildRequestTrace, traceRecords } from './request-trace';
import { auditUnavailable, recordAuditRead, type AuditRead } from './self-audit';
import { parseTraceId } from './trace-id';

export interface AuditResolverDeps {
  /** The audit store, opened on first use; rejects when it cannot be reached. */
  store: () => Promise<AuditStore>;
  /** The clock of the self-audit records. */
  now: () => Date;
}

/**
 * Resolvers of the audit views. Each view checks the actor and its arguments first (nothing is
 * read for a caller who may not see it), then reads the store, records the view itself, and
 * only then returns what it read: a store that cannot take the record gets AUDIT_UNAVAILABLE.
 */
export function createAuditResolvers(deps: AuditResolverDeps): Resolvers {
  const view = async <T>(
    trust: TrustContext,
    info: GraphQLResolveInfo,
    read: AuditRead,
    fetch: (store: AuditStore) => Promise<T>,
  ): Promise<T> => {
    let store: AuditStore;
    let result: T;
    try {
      store = await deps.store();
      result = await fetch(store);
    } catch (e) {
      // The store's own verdict on the request (a cursor naming no record) is the caller's to fix.
      if (isClientSideError(e)) throw e;
      throw auditUnavailable(e);
    }
    await recordAuditRead(store, trust, info, read, deps.now());
    return result;
  };

  return {
    DateTime: DateTimeScalar,
    AccessKind: { READ: 'read', REQUEST: 'request' },
    AccessOutcome: { RETURNED: 'returned', MASKED: 'masked', DENIED: 'denied', FAILED: 'failed' },
    Query: {
      accessRecords: async (_parent, { filter, first, after }, ctx, info) => {
        const trust = requireAuditor(ctx);
        const { query, subject, text } = parseAccessFilter(filter);
        const page = pageArgs(first, after);
        return view(trust, info, { entityId: text, subject }, (store) => fetchPage(store, query, page));
      },
      requestTrace: async (_parent, args, ctx, info) => {
        const trust = requireAuditor(ctx);
        const traceId = parseTraceId(args.traceId, 'traceId');
        const records = await view(trust, info, { entityId: `trace=${traceId}`, subject: null }, (store) =>
          traceRecords(store, traceId),
        );
        return rebuildRequestTrace(traceId, records);
      },
      me: (_parent, _args, ctx) => {
        const trust = requireTrust(ctx);
        return { actor: trust.actor, channel: trust.channel };
      },
    },
    Me: {
      actorId: (me) => me.actor.id,
      role: (me) => me.actor.role,
      channel: (me) => me.channel,
      person: (me) => (me.actor.role === 'CITIZEN' && me.actor.person ? { id: me.actor.person } : null),
      company: (me) =>
        me.actor.role === 'COMPANY_AGENT' && me.actor.company ? { uscc: me.actor.company } : null,
      accessHistory: async (_me, { from, to, first, after }, ctx, info) => {
        // From the request's own context, not the parent: the parent is what `me` resolved from it.
        const trust = requireTrust(ctx);
        const subject = ownSubject(trust);
        const query = { subject, ...timeRange(from, to, '') };
        const page = pageArgs(first, after);
        return view(trust, info, { entityId: describeQuery(query), subject }, (store) =>
          fetchPage(store, query, page),
        );
      },
    },
  };
}
