import { parse, specifiedRules, validate } from 'graphql';
import { aliasLimitRule } from './alias-limit';
import { errorsOf, TEST_SCHEMA } from './test-support';

function aliases(n: number, from = 0): string {
  return Array.from({ length: n }, (_, i) => `a${from + i}: hello`).join(' ');
}

describe('aliasLimitRule', () => {
  it('refuses 1000 aliases with TOO_MANY_ALIASES, once, at the first alias past the limit', () => {
    expect(errorsOf([aliasLimitRule(30)], `{ ${aliases(1000)} }`)).toEqual([
      {
        message: 'query alias count 1000 exceeds the limit of 30',
        // `{ ` then 30 aliases of `aN: hello ` (10 characters for a0-a9, 11 for a10-a29).
        locations: [{ line: 1, column: 3 + 10 * 10 + 20 * 11 }],
        extensions: { code: 'TOO_MANY_ALIASES' },
      },
    ]);
  });

  it('accepts exactly the limit', () => {
    expect(errorsOf([aliasLimitRule(30)], `{ ${aliases(30)} }`)).toEqual([]);
    expect(errorsOf([aliasLimitRule(30)], `{ ${aliases(31)} }`).map((e) => e.message)).toEqual([
      'query alias count 31 exceeds the limit of 30',
    ]);
  });

  it('counts over the whole document: every operation and each fragment definition once', () => {
    const document = `
      query One { ${aliases(10)} node { ...F } }
      query Two { ${aliases(10, 10)} node { ...F ...F } }
      fragment F on Node { x: id y: name }
    `;
    expect(errorsOf([aliasLimitRule(21)], document).map((e) => e.message)).toEqual([
      'query alias count 22 exceeds the limit of 21',
    ]);
    expect(errorsOf([aliasLimitRule(22)], document)).toEqual([]);
  });

  it('validates 1000 aliases together with all of graphql-js’s rules and returns the one refusal', () => {
    const errors = validate(TEST_SCHEMA, parse(`{ ${aliases(1000)} }`), [
      ...specifiedRules,
      aliasLimitRule(30),
    ]);
    expect(errors.map((e) => e.extensions.code)).toEqual(['TOO_MANY_ALIASES']);
  });
});
