import { BREAK, type ValidationRule } from 'graphql';
import { limitError } from './limit-errors';

/** The fields that read the schema itself; `__typename` is not one (clients need it for unions). */
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/**
 * Refuses `__schema` and `__type` with INTROSPECTION_DISABLED: with introspection off, the
 * schema's shape (every department's fields and their descriptions) is not handed to whoever
 * asks. One error per document, at the first such field. Use it instead of Apollo Server's
 * `introspection: false`, which refuses the same fields as a bare GRAPHQL_VALIDATION_FAILED.
 */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (!INTROSPECTION_FIELDS.has(node.name.value)) return undefined;
    context.reportError(
      limitError(
        'INTROSPECTION_DISABLED',
        `introspection is disabled on this gateway (${node.name.value} was asked for)`,
        node,
      ),
    );
    return BREAK;
  },
});

/** The validation rules for an introspection setting: none when it is on. */
export function introspectionRules(enabled: boolean): ValidationRule[] {
  return enabled ? [] : [noIntrospectionRule];
}

/**
 * GATEWAY_INTROSPECTION=on|off. Unset: on, except with NODE_ENV=production, where it is off
 * (production-settings.ts refuses to start with it on). Any other value throws naming the variable.
 */
export function introspectionFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.GATEWAY_INTROSPECTION;
  if (raw === undefined || raw === '') return env.NODE_ENV !== 'production';
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new Error(`GATEWAY_INTROSPECTION must be on or off: ${raw}`);
}
