import { parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { OperationInUse } from './operations-in-use';
import { ownerOf, type Owners } from './owners';
import type { BrokenOperation } from './report';

/**
 * Check 6, the decisive one: each operation in use that validates against the current API schema
 * but not against the new one breaks, once per client that uses it, with the client's owner and
 * the validation errors. An operation that does not parse or already fails today is not this
 * change's fault and is left out.
 */
export function brokenOperations(
  operations: readonly OperationInUse[],
  current: GraphQLSchema,
  next: GraphQLSchema,
  owners: Owners,
): BrokenOperation[] {
  const broken: BrokenOperation[] = [];
  for (const op of operations) {
    let document: DocumentNode;
    try {
      document = parse(op.body);
    } catch {
      continue;
    }
    if (validate(current, document).length > 0) continue;
    const errors = validate(next, document).map((e) => e.message);
    if (errors.length === 0) continue;
    for (const [client, source] of op.clients)
      broken.push({ id: op.id, name: op.name, source, client, owner: ownerOf(client, owners), errors });
  }
  return broken;
}
