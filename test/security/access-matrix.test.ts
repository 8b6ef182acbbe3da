import { startStack, type Stack } from '../helpers/stack';
import { describeAccessMatrix } from './access-matrix.cases';

// One stack for the whole file, on embedded defaults (SQLite audit trail and case store, in-memory cache).
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ people: 20 });
}, 60_000);
afterAll(() => stack?.close());

describeAccessMatrix('access control on embedded defaults', () => stack);
