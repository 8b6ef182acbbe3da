import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COUNTER_VIEW_PURPOSE, COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES } from '../gateway/first-query';
import { startStack, type Stack } from './helpers/stack';

const readme = readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');

/** The README's first query is what a window officer on Zhang Wei's case really gets, to the letter. */
describe("README's counter view", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ people: 20 });
  }, 60_000);
  afterAll(() => stack?.close());

  it('shows the answer the gateway gives the officer of the curl example', async () => {
    const block = /<!-- counter-view-answer:start -->[\s\S]*?```json\n([\s\S]*?)\n```/.exec(readme);
    const officer = {
      role: 'officer' as const,
      sub: 'officer-0042',
      department: 'service-center',
      window: 'A-07',
    };
    const reply = await stack.query(COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES, 'counter', {
      claims: officer,
      purpose: COUNTER_VIEW_PURPOSE,
    });
    expect(JSON.parse(block![1]!)).toEqual(reply.body);
  });
});
