import { auditStoreFromEnv } from '../../trust/audit/open-audit-store';
import type { AuditStore } from '../../trust/audit/record';
import { loadTypeDefs } from '../kit/load-schema';
import type { SubgraphDefinition } from '../kit/subgraph';
import { createAuditResolvers } from './resolvers';

export interface AuditSubgraphOptions {
  /**
   * The audit store: an open one (it stays the caller's: `close()` leaves it open), or a function
   * that opens one, called on first use and again after a failed attempt (the subgraph then owns
   * the store and closes it).
   */
  store: AuditStore | (() => Promise<AuditStore>);
  /** The clock of the self-audit records. @default () => new Date() */
  now?: () => Date;
}

export interface AuditSubgraph extends SubgraphDefinition {
  /** The store, opened once on first use; index.ts calls it at start-up so a bad store stops the process. */
  store(): Promise<AuditStore>;
}

/**
 * The audit subgraph: the views over the audit trail (`accessRecords`, `requestTrace`,
 * `me { accessHistory }`). Building it touches no store, like every other department's.
 */
export function buildAuditSubgraph(options: AuditSubgraphOptions): AuditSubgraph {
  const given = options.store;
  let opening: Promise<AuditStore> | undefined;
  const store = (): Promise<AuditStore> => {
    if (typeof given !== 'function') return Promise.resolve(given);
    opening ??= given().catch((e: unknown) => {
      opening = undefined;
      throw e;
    });
    return opening;
  };
  return {
    name: 'audit',
    typeDefs: loadTypeDefs(__dirname),
    resolvers: createAuditResolvers({ store, now: options.now ?? (() => new Date()) }),
    store,
    // Reachable means it answers a query: an opened store whose database went away is not ready.
    ready: async () => {
      await (await store()).query({ limit: 1 });
      return true;
    },
    close: async () => {
      const opened = opening ? await opening.catch(() => undefined) : undefined;
      opening = undefined;
      await opened?.close();
    },
  };
}

/**
 * Options from the environment, the same variables every subgraph's own audit writer reads
 * (subgraphs/kit/trust-from-env.ts), so this subgraph reads the trail the departments write:
 * PostgreSQL at DATABASE_URL (schema AUDIT_PG_SCHEMA) when set, else the SQLite file
 * AUDIT_SQLITE_PATH; checkpoints of its own chain signed with AUDIT_SIGNING_KEY_FILE.
 */
export function auditSubgraphOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): AuditSubgraphOptions {
  return {
    store: () => auditStoreFromEnv('audit', env),
  };
}
