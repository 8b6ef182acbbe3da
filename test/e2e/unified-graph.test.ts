import { describeUnifiedGraph } from './unified-graph.cases';

describeUnifiedGraph('the unified graph on embedded defaults', () => ({}));
