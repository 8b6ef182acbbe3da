import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { quoted } from '../../adapters/kit/errors';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

function parse(value: unknown): string {
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value) || Number.isNaN(Date.parse(value)))
    throw new GraphQLError(
      `DateTime must be ISO 8601 with an offset, e.g. 2026-11-20T09:32:00+08:00: ${quoted(String(value))}`,
    );
  return value;
}

/**
 * `scalar DateTime` of every subgraph that has one: ISO 8601 text with an offset, kept as text. A
 * time without an offset is refused rather than read as the server's local time: it must mean one instant.
 */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'Date and time, ISO 8601 with offset.',
  serialize: (value) => parse(value),
  parseValue: (value) => parse(value),
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
});
