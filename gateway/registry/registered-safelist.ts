import type { RegisteredOperation } from '../../registry/model';
import type { PersistedOperation, Safelist } from '../limits/safelist';

/**
 * The safelist the channel apps registered in the schema registry, in the shape the manifests
 * load into (gateway/limits/safelist.ts): per channel by id, and their union. The registry
 * checked each operation when it was registered, so nothing is checked again here.
 */
export function safelistOf(operations: readonly RegisteredOperation[]): Safelist {
  const channels = new Map<string, Map<string, PersistedOperation>>();
  const all = new Map<string, PersistedOperation>();
  for (const { id, name, type, body, channel } of operations) {
    const op: PersistedOperation = { id, name, type, body };
    let ops = channels.get(channel);
    if (!ops) channels.set(channel, (ops = new Map()));
    ops.set(id, op);
    all.set(id, op);
  }
  return { channels, all };
}
