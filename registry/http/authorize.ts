/**
 * Who may do what on the registry's HTTP API, by the scopes on the caller's token (trust/auth):
 * a department's pipeline gets a SERVICE token with `registry:publish:<department>`, a channel app's
 * release pipeline one with `registry:operations:<channel>`, the platform team `registry:rollback`
 * and, for a recorded decision to break operations, `registry:override`.
 */
import { DataLayerError, quoted } from '../../adapters/kit/errors';
import type { Actor } from '../../trust/actor';

/** The scope prefix every registry permission starts with; any of them also grants reading. */
export const REGISTRY_SCOPE_PREFIX = 'registry:';

export const SCOPES = {
  publish: (department: string) => `registry:publish:${department}`,
  operations: (channel: string) => `registry:operations:${channel}`,
  override: 'registry:override',
  rollback: 'registry:rollback',
} as const;

/** Reading (supergraph, subgraphs, operations, events): any `registry:` scope, or an auditor. */
export function requireReader(actor: Actor): void {
  if (actor.role === 'AUDITOR' || actor.scopes.some((s) => s.startsWith(REGISTRY_SCOPE_PREFIX))) return;
  throw new DataLayerError('FORBIDDEN', 'reading the registry needs a registry: scope or the auditor role');
}

/**
 * FORBIDDEN naming the scope `what` needs, unless the actor holds it on a SERVICE token: changes
 * to the registry come from pipelines (a person's token with such a scope is a confused issuer).
 */
export function requireScope(actor: Actor, scope: string, what: string): void {
  if (actor.role !== 'SERVICE')
    throw new DataLayerError(
      'FORBIDDEN',
      `${what} needs a service token (a pipeline's), not ${actor.role.toLowerCase()}'s`,
    );
  if (actor.scopes.includes(scope)) return;
  throw new DataLayerError('FORBIDDEN', `${what} needs the scope ${quoted(scope, 80)}`);
}

/** The publisher the registry records: a service token's client id, anyone else's `sub`. */
export function publisherOf(actor: Actor): string {
  return actor.role === 'SERVICE' && actor.client ? actor.client : actor.id;
}
