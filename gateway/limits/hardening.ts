import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ParseOptions, ValidationRule } from 'graphql';
import { costLimitPlugin } from './cost-limit';
import { introspectionFromEnv, introspectionRules } from './introspection';
import { assertProductionSettings } from './production-settings';
import { parseOptions, queryLimitRules, queryLimitsFromEnv, type QueryLimits } from './query-limits';
import {
  loadSafelist,
  safelistDirFromEnv,
  safelistModeFromEnv,
  type Safelist,
  type SafelistMode,
} from './safelist';

/** Everything the gateway's Apollo Server and HTTP bridge need for the limits, read once at start-up. */
export interface GatewayHardening {
  limits: QueryLimits;
  introspection: boolean;
  safelistMode: SafelistMode;
  /**
   * The manifests' operations (GATEWAY_SAFELIST_DIR). When the gateway serves from the schema
   * registry it runs the registry's registered operations instead, reloaded while it serves
   * (gateway/server.ts reads its current safelist per request).
   */
  safelist: Safelist;
  /** Apollo Server `parseOptions` (maxTokens). */
  parseOptions: ParseOptions;
  /** Apollo Server `validationRules`: depth, aliases, cost, and introspection when it is off. */
  validationRules: ValidationRule[];
  /** Apollo Server plugins: the cost limit with the request's variables. */
  plugins: ApolloServerPlugin<BaseContext>[];
}

/**
 * Reads GATEWAY_MAX_*, GATEWAY_INTROSPECTION, GATEWAY_SAFELIST and GATEWAY_SAFELIST_DIR, loads
 * the manifests from under the repository `root`, and first refuses an insecure production
 * configuration (key files resolved against `cwd`, as the key store resolves them). Throws an
 * Error naming the variable or file at fault; start-up should print it and exit.
 */
export function gatewayHardeningFromEnv(
  env: NodeJS.ProcessEnv,
  root: string,
  cwd: string = process.cwd(),
): GatewayHardening {
  assertProductionSettings(env, cwd);
  const limits = queryLimitsFromEnv(env);
  const introspection = introspectionFromEnv(env);
  return {
    limits,
    introspection,
    safelistMode: safelistModeFromEnv(env),
    safelist: loadSafelist(safelistDirFromEnv(env, root)),
    parseOptions: parseOptions(limits),
    validationRules: [...queryLimitRules(limits), ...introspectionRules(introspection)],
    plugins: [costLimitPlugin(limits)],
  };
}
