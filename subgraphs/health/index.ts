import { runSubgraph } from '../kit/main';
import { buildHealthSubgraph, healthSubgraphOptionsFromEnv } from './server';

void runSubgraph(() => buildHealthSubgraph(healthSubgraphOptionsFromEnv(process.env)), 'HEALTH_PORT', 4003);
