import { runSubgraph } from '../kit/main';
import { buildPublicSecuritySubgraph, publicSecuritySubgraphOptionsFromEnv } from './server';

void runSubgraph(
  () => buildPublicSecuritySubgraph(publicSecuritySubgraphOptionsFromEnv(process.env)),
  'PUBLIC_SECURITY_PORT',
  4001,
);
