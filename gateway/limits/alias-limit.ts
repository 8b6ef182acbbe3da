import type { FieldNode, ValidationRule } from 'graphql';
import { limitError } from './limit-errors';

/**
 * Refuses a document with more than `maxAliases` aliases with TOO_MANY_ALIASES, e.g. "query alias
 * count 1000 exceeds the limit of 30". Aliases are what let one request ask the same costly field
 * hundreds of times (`a1: person(id: …) a2: person(id: …) …`), so they are counted over the whole
 * document as written (operations and fragment definitions alike, each once), not per operation.
 * One error per document, located at the first alias past the limit.
 */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context) => {
    let count = 0;
    let firstOver: FieldNode | undefined;
    return {
      Field(node) {
        if (!node.alias) return;
        count++;
        if (count === maxAliases + 1) firstOver = node;
      },
      Document: {
        leave() {
          if (count > maxAliases)
            context.reportError(
              limitError(
                'TOO_MANY_ALIASES',
                `query alias count ${count} exceeds the limit of ${maxAliases}`,
                firstOver,
              ),
            );
        },
      },
    };
  };
}
