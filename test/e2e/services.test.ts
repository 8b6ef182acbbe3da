import { describeServices } from './services.cases';

describeServices('one-window services on embedded defaults', () => ({}));
