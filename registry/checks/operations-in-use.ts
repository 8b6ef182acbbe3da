import type { OperationUsage, RegisteredOperation } from '../model';

/** One operation in use, checked once however many clients use it. */
export interface OperationInUse {
  /** sha256 of `body`. */
  id: string;
  name: string | null;
  body: string;
  /** Every channel or client that uses it, and how: `registered` when it registered it, else `traffic`. */
  clients: Map<string, 'registered' | 'traffic'>;
}

/**
 * The operations channel apps use: every channel's registered operations plus those seen in live
 * traffic within the window, one entry per id (a registered operation's name wins over traffic's),
 * remembering every client so that each owner hears about a break.
 */
export function operationsInUse(
  registered: readonly RegisteredOperation[],
  used: readonly OperationUsage[],
): OperationInUse[] {
  const byId = new Map<string, OperationInUse>();
  for (const r of registered) {
    const op = byId.get(r.id) ?? { id: r.id, name: r.name, body: r.body, clients: new Map() };
    op.clients.set(r.channel, 'registered');
    byId.set(r.id, op);
  }
  for (const u of used) {
    const op = byId.get(u.id) ?? { id: u.id, name: u.name, body: u.body, clients: new Map() };
    if (!op.clients.has(u.client)) op.clients.set(u.client, 'traffic');
    byId.set(u.id, op);
  }
  return [...byId.values()];
}
