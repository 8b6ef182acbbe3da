import type { ParseOptions, ValidationRule } from 'graphql';
import { envWholeNumber } from '../../adapters/kit/env';
import { aliasLimitRule } from './alias-limit';
import { costLimitRule } from './cost-limit';
import { depthLimitRule } from './depth-limit';

export { aliasLimitRule } from './alias-limit';
export { costLimitPlugin, costLimitRule, estimateCost } from './cost-limit';
export { depthLimitRule, operationDepth } from './depth-limit';
export { formatLimitError, limitCodeOf } from './limit-errors';

/** What one GraphQL request may ask of the gateway. Each limit refuses with its own 400-class code. */
export interface QueryLimits {
  /** Deepest field nesting, introspection included (QUERY_TOO_DEEP). @default 12 (GATEWAY_MAX_DEPTH) */
  maxDepth: number;
  /** Most aliases in one document (TOO_MANY_ALIASES). @default 30 (GATEWAY_MAX_ALIASES) */
  maxAliases: number;
  /**
   * Most lexical tokens the parser reads before giving up (TOO_MANY_TOKENS). Bounds the work of
   * parsing and of every validation rule, graphql-js's own included. @default 4000 (GATEWAY_MAX_TOKENS)
   */
  maxTokens: number;
  /** Highest estimated cost, fields times list sizes (QUERY_TOO_COSTLY). @default 5000 (GATEWAY_MAX_COST) */
  maxCost: number;
  /** Items a list field without `first`/`limit` is assumed to return, for the cost. @default 20 */
  defaultListSize: number;
}

export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 4_000,
  maxCost: 5_000,
  defaultListSize: 20,
});

/** Reads GATEWAY_MAX_DEPTH, GATEWAY_MAX_ALIASES, GATEWAY_MAX_TOKENS and GATEWAY_MAX_COST; a bad value throws naming the variable. */
export function queryLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  const d = DEFAULT_QUERY_LIMITS;
  return {
    maxDepth: envWholeNumber('GATEWAY_MAX_DEPTH', d.maxDepth, { min: 1, max: 1_000 }, env),
    maxAliases: envWholeNumber('GATEWAY_MAX_ALIASES', d.maxAliases, { min: 0, max: 100_000 }, env),
    maxTokens: envWholeNumber('GATEWAY_MAX_TOKENS', d.maxTokens, { min: 100, max: 1_000_000 }, env),
    maxCost: envWholeNumber('GATEWAY_MAX_COST', d.maxCost, { min: 1, max: 1_000_000_000 }, env),
    defaultListSize: d.defaultListSize,
  };
}

/**
 * Apollo Server's `parseOptions`: graphql-js stops parsing past `maxTokens` tokens. The refusal it
 * gives is a GRAPHQL_PARSE_FAILED "Syntax Error: Document contains more that N tokens. Parsing
 * aborted."; formatLimitError turns it into TOO_MANY_TOKENS.
 */
export function parseOptions(limits: Pick<QueryLimits, 'maxTokens'>): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/**
 * Apollo Server's `validationRules` for the limits: depth, aliases and cost (the cost without
 * variable values; add costLimitPlugin for those). Each works out the whole document in one
 * linear pass.
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases), costLimitRule(limits)];
}
