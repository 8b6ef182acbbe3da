import { GraphQLError, type ASTNode, type GraphQLFormattedError } from 'graphql';

/** The codes the gateway's request limits report (all registered in adapters/kit/error-codes.ts, HTTP 400). */
export const LIMIT_CODES = [
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_TOKENS',
  'QUERY_TOO_COSTLY',
  'INTROSPECTION_DISABLED',
] as const;

export type LimitCode = (typeof LIMIT_CODES)[number];

const LIMIT_CODE_SET: ReadonlySet<string> = new Set(LIMIT_CODES);

/**
 * A limit's refusal: a GraphQLError whose `extensions.code` says which limit. `extensions` adds
 * more, e.g. Apollo's `http: { status: 400 }` for an error thrown from a plugin.
 */
export function limitError(
  code: LimitCode,
  message: string,
  nodes?: ASTNode | readonly ASTNode[],
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { ...extensions, code } });
}

/**
 * graphql-js's own words when `parse(…, { maxTokens })` gives up (graphql 16 spells it "more that";
 * a later release may fix the typo, so both spellings match).
 */
const TOKENS_ABORTED = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

/**
 * The limit an error stands for, looking through Apollo Server's wrappers. Apollo 5 wraps every
 * validation-rule error in its ValidationError, which overwrites `extensions.code` with
 * GRAPHQL_VALIDATION_FAILED but keeps ours as `originalError`; a parse aborted by `maxTokens`
 * becomes GRAPHQL_PARSE_FAILED with graphql-js's message.
 */
export function limitCodeOf(error: unknown): LimitCode | undefined {
  let e: unknown = error;
  for (let hops = 0; hops < 4 && e instanceof Error; hops++) {
    if (e instanceof GraphQLError) {
      const code = e.extensions?.code;
      if (typeof code === 'string' && LIMIT_CODE_SET.has(code)) return code as LimitCode;
      if (TOKENS_ABORTED.test(e.message)) return 'TOO_MANY_TOKENS';
    }
    e = (e as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/**
 * Apollo's `formatError` step for the limits: a refusal by one of them gets its own code back
 * (and, for tokens, a message in our words: graphql-js's says "Syntax Error", which it is not).
 * Anything else is returned unchanged. Run it before formatGatewayError, which passes every
 * registered code through:
 *
 *   formatError: (formatted, error) => formatGatewayError(formatLimitError(formatted, error))
 */
export function formatLimitError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = limitCodeOf(error);
  if (!code) return formatted;
  const tokens = code === 'TOO_MANY_TOKENS' ? TOKENS_ABORTED.exec(formatted.message) : null;
  return {
    ...formatted,
    message: tokens ? `query token count exceeds the limit of ${tokens[1]}` : formatted.message,
    extensions: { ...formatted.extensions, code },
  };
}
