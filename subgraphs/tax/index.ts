import { runSubgraph } from '../kit/main';
import { buildTaxSubgraph, taxSubgraphOptionsFromEnv } from './server';

void runSubgraph(() => buildTaxSubgraph(taxSubgraphOptionsFromEnv(process.env)), 'TAX_PORT', 4005);
