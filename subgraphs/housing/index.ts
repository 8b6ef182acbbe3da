import { runSubgraph } from '../kit/main';
import { buildHousingSubgraph, housingSubgraphOptionsFromEnv } from './server';

void runSubgraph(
  () => buildHousingSubgraph(housingSubgraphOptionsFromEnv(process.env)),
  'HOUSING_PORT',
  4004,
);
