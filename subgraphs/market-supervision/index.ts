import { runSubgraph } from '../kit/main';
import { buildMarketSupervisionSubgraph, marketSupervisionSubgraphOptionsFromEnv } from './server';

runSubgraph(
  () => buildMarketSupervisionSubgraph(marketSupervisionSubgraphOptionsFromEnv(process.env)),
  'MARKET_SUPERVISION_PORT',
  4002,
);
