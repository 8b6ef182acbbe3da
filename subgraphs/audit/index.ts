import { exitAfterLogs, logger } from '../../adapters/kit/logger';
import { runSubgraph } from '../kit/main';
import { auditSubgraphOptionsFromEnv, buildAuditSubgraph } from './server';

void runSubgraph(
  () => {
    const def = buildAuditSubgraph(auditSubgraphOptionsFromEnv(process.env));
    // Open now rather than on the first request: a store this process cannot use stops start-up.
    def.store().catch((err: unknown) => {
      logger.fatal({ err }, 'audit store refused to start');
      void exitAfterLogs(1);
    });
    return def;
  },
  'AUDIT_PORT',
  4009,
);
