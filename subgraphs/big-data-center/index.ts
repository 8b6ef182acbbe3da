import { runSubgraph } from '../kit/main';
import { bigDataCenterSubgraphOptionsFromEnv, buildBigDataCenterSubgraph } from './server';

runSubgraph(
  () => buildBigDataCenterSubgraph(bigDataCenterSubgraphOptionsFromEnv(process.env)),
  'BIG_DATA_CENTER_PORT',
  4007,
);
