import { findBreakingChanges, findDangerousChanges, type GraphQLSchema } from 'graphql';
import type { SchemaChange } from './report';

/**
 * Check 5 (informational): graphql-js's breaking and dangerous changes from the current API schema
 * to the new one. Whether a breaking change matters is decided by the operations in use (check 6),
 * not here: removing a field nobody queries is safe.
 */
export function schemaChanges(current: GraphQLSchema, next: GraphQLSchema): SchemaChange[] {
  return [
    ...findBreakingChanges(current, next).map((c) => ({
      severity: 'breaking' as const,
      type: c.type,
      description: c.description,
    })),
    ...findDangerousChanges(current, next).map((c) => ({
      severity: 'dangerous' as const,
      type: c.type,
      description: c.description,
    })),
  ];
}
