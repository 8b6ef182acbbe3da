import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/** The one operation a subgraph call's text holds, or undefined when it holds anything else or does not parse. */
export function operationOf(text: string): OperationDefinitionNode | undefined {
  try {
    const defs = parse(text, { noLocation: true }).definitions;
    return defs.length === 1 && defs[0]!.kind === Kind.OPERATION_DEFINITION ? defs[0] : undefined;
  } catch {
    return undefined;
  }
}
