import { createHash } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import { operationFromDocument } from '@apollo/federation-internals';
import { parse } from 'graphql';
import { logger } from '../adapters/kit/logger';
import type { PersistedOperation } from './limits/safelist';

/** The parts of @apollo/gateway 2.14 that plan and cache (not public API: checked before use). */
interface GatewayPlanning {
  apiSchema?: Parameters<typeof operationFromDocument>[0];
  queryPlanner?: { buildQueryPlan(operation: unknown, options?: unknown): unknown };
  queryPlanStore?: { set(key: string, plan: unknown): Promise<void> };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Plans the channel apps' registered operations before the first request, so no counter
 * waits for the query planner (a JS planner: tens of ms for the counter view). Keys are the
 * gateway's own (`sha256(queryHash + operationName)`, queryHash = sha256 of the text), so the
 * first real request finds its plan. Uses @apollo/gateway's internals (pinned 2.14.4): if they
 * moved, it logs and warms nothing, and requests plan on first use as before. Returns how many
 * operations were planned.
 */
export async function warmQueryPlans(
  gateway: ApolloGateway,
  operations: Iterable<PersistedOperation>,
): Promise<number> {
  const g = gateway as unknown as GatewayPlanning;
  if (!g.apiSchema || !g.queryPlanner || !g.queryPlanStore) {
    logger.warn('query plans not warmed: @apollo/gateway internals differ from 2.14');
    return 0;
  }
  let warmed = 0;
  for (const op of operations) {
    try {
      const operation = operationFromDocument(g.apiSchema, parse(op.body), { operationName: op.name });
      const plan = g.queryPlanner.buildQueryPlan(operation, {
        recursiveSelectionsLimitDisabled: false,
        nonLocalSelectionsLimitDisabled: false,
      });
      await g.queryPlanStore.set(sha256(sha256(op.body) + op.name), plan);
      warmed++;
    } catch (err) {
      // A registered operation the supergraph no longer serves: it will fail on use, with its own error.
      logger.warn({ err, operation: op.name }, 'could not plan a registered operation');
    }
  }
  return warmed;
}
