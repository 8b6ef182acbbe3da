import { exitAfterLogs, logger } from '../../adapters/kit/logger';
import { runSubgraph } from '../kit/main';
import { buildServiceCenterSubgraph, serviceCenterSubgraphOptionsFromEnv } from './server';

void runSubgraph(
  () => {
    const def = buildServiceCenterSubgraph(serviceCenterSubgraphOptionsFromEnv(process.env));
    // Migrate now rather than on the first request; a database this code cannot serve (a newer
    // migration, unreachable) stops start-up so the supervisor sees it.
    def.store().catch((err: unknown) => {
      logger.fatal({ err }, 'service-center store refused to start');
      void exitAfterLogs(1);
    });
    return def;
  },
  'SERVICE_CENTER_PORT',
  4008,
);
