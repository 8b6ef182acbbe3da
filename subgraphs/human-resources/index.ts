import { runSubgraph } from '../kit/main';
import { buildHumanResourcesSubgraph, humanResourcesSubgraphOptionsFromEnv } from './server';

void runSubgraph(
  () => buildHumanResourcesSubgraph(humanResourcesSubgraphOptionsFromEnv(process.env)),
  'HUMAN_RESOURCES_PORT',
  4006,
);
