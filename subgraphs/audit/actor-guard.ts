import { DataLayerError } from '../../adapters/kit/errors';
import type { TrustContext } from '../../trust/context/trust-context';
import type { SubgraphContext } from '../kit/context';

/**
 * The verified, signed context of the request. Without one nobody is known to be asking, and
 * the audit trail is shown to nobody: FORBIDDEN (deny by default).
 */
export function requireTrust(ctx: SubgraphContext): TrustContext {
  if (!ctx.trust) throw new DataLayerError('FORBIDDEN', 'the audit trail is shown only to a known actor');
  return ctx.trust;
}

/** The signed context of an AUDITOR; anyone else is FORBIDDEN to search the audit trail. */
export function requireAuditor(ctx: SubgraphContext): TrustContext {
  const trust = requireTrust(ctx);
  if (trust.actor.role !== 'AUDITOR')
    throw new DataLayerError(
      'FORBIDDEN',
      `only an AUDITOR may search the audit trail, not a ${trust.actor.role}`,
    );
  return trust;
}

/**
 * Whose access history the actor may see: a citizen's own person, a company agent's company.
 * Other roles (officers, auditors, service clients) have no data of their own here: FORBIDDEN.
 */
export function ownSubject(trust: TrustContext): string {
  const { actor } = trust;
  if (actor.role === 'CITIZEN' && actor.person) return `Person:${actor.person}`;
  if (actor.role === 'COMPANY_AGENT' && actor.company) return `Company:${actor.company}`;
  throw new DataLayerError(
    'FORBIDDEN',
    `an access history is kept for a citizen's person or a company agent's company, not for a ${actor.role}`,
  );
}
