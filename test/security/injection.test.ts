import { describeInjection } from './injection.cases';

describeInjection('injection strings in arguments, on embedded defaults (SQLite tax file)', () => ({}));
