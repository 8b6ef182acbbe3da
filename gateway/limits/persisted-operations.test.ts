import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { parse, specifiedRules, validate } from 'graphql';
import { introspectionRules } from './introspection';
import { DEFAULT_QUERY_LIMITS, queryLimitRules } from './query-limits';
import { loadSafelist } from './safelist';

const REPO = path.resolve(__dirname, '..', '..');

describe('every registered operation', () => {
  const schema = Supergraph.build(readFileSync(path.join(REPO, 'gateway', 'supergraph.graphql'), 'utf8'))
    .apiSchema()
    .toGraphQLJSSchema();
  const safelist = loadSafelist(path.join(REPO, 'gateway', 'persisted-operations'));
  const operations = [...safelist.channels].flatMap(([channel, ops]) =>
    [...ops.values()].map((o) => [`${channel} ${o.name}`, o.body] as const),
  );

  it.each(operations)(
    '%s is valid against the supergraph and within the default limits with introspection off',
    (_name, body) => {
      const rules = [
        ...specifiedRules,
        ...queryLimitRules({ ...DEFAULT_QUERY_LIMITS }),
        ...introspectionRules(false),
      ];
      expect(validate(schema, parse(body, { maxTokens: DEFAULT_QUERY_LIMITS.maxTokens }), rules)).toEqual([]);
    },
  );
});
