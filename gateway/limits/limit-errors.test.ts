import { GraphQLError } from 'graphql';
import { formatLimitError, limitCodeOf, limitError } from './limit-errors';

/** What Apollo Server 5 makes of a validation rule's error: its code overwritten, ours kept as originalError. */
function asApolloValidationError(original: GraphQLError): GraphQLError {
  return new GraphQLError(original.message, {
    originalError: original,
    extensions: { ...original.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
  });
}

describe('formatLimitError', () => {
  it('gives a limit refusal its code back from under Apollo’s GRAPHQL_VALIDATION_FAILED', () => {
    const error = asApolloValidationError(
      limitError('QUERY_TOO_DEEP', 'query depth 50 exceeds the limit of 12'),
    );
    expect(
      formatLimitError(
        {
          message: error.message,
          locations: [{ line: 1, column: 1 }],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
        error,
      ),
    ).toEqual({
      message: 'query depth 50 exceeds the limit of 12',
      locations: [{ line: 1, column: 1 }],
      extensions: { code: 'QUERY_TOO_DEEP' },
    });
  });

  it('turns graphql-js’s token abort (either spelling) into TOO_MANY_TOKENS in our words', () => {
    for (const message of [
      'Syntax Error: Document contains more that 4000 tokens. Parsing aborted.',
      'Syntax Error: Document contains more than 4000 tokens. Parsing aborted.',
    ]) {
      const parseError = new GraphQLError(message);
      const apollo = new GraphQLError(message, {
        originalError: parseError,
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      });
      expect(formatLimitError({ message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, apollo)).toEqual({
        message: 'query token count exceeds the limit of 4000',
        extensions: { code: 'TOO_MANY_TOKENS' },
      });
    }
  });

  it('returns every other error unchanged', () => {
    const formatted = {
      message: 'Syntax Error: Expected Name, found <EOF>.',
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    };
    expect(formatLimitError(formatted, new GraphQLError(formatted.message))).toBe(formatted);
    expect(formatLimitError(formatted, new Error('boom'))).toBe(formatted);
    expect(formatLimitError(formatted, undefined)).toBe(formatted);
    expect(limitCodeOf(new GraphQLError('x', { extensions: { code: 'FORBIDDEN' } }))).toBeUndefined();
  });
});
